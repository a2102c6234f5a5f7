import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { BadUserInputError } from '@parley/plugin-sdk';

/** Languages the catalog and the assistant ship texts for; any ISO 639-1 code is accepted for translations. */
export const SUPPORTED_LANGUAGES = ['en', 'es', 'fr', 'nl'] as const;
const LANGUAGE = /^[a-z]{2}$/;

export type Translations = Record<string, { name?: string; description?: string }>;

@ObjectType()
export class Translation {
  @Field({ description: 'ISO 639-1 language code, e.g. es.' })
  language: string;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@InputType()
export class TranslationInput {
  @Field()
  language: string;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

export function assertLanguage(language: string): string {
  const code = language.trim().toLowerCase();
  if (!LANGUAGE.test(code)) throw new BadUserInputError(`"${language}" is not an ISO 639-1 language code such as en, es, fr or nl`);
  return code;
}

export function toTranslations(input: TranslationInput[] | null | undefined): Translations {
  const result: Translations = {};
  for (const entry of input ?? []) {
    const name = entry.name?.trim();
    const description = entry.description?.trim();
    result[assertLanguage(entry.language)] = { ...(name ? { name } : {}), ...(description ? { description } : {}) };
  }
  return result;
}

export function fromTranslations(translations: Translations): Translation[] {
  return Object.entries(translations).map(([language, text]) => ({ language, name: text.name ?? null, description: text.description ?? null }));
}

/** The text in the customer's language when a translation exists, else the default text. */
export function localized(base: { name: string; description?: string | null; translations: Translations }, language?: string | null) {
  const translated = language ? base.translations[language] : undefined;
  return { name: translated?.name ?? base.name, description: translated?.description ?? base.description ?? null };
}
