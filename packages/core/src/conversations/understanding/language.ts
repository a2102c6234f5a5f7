import type { AssistantLanguage } from '@parley/plugin-sdk';
import { REMOVE, CLEAR, EVERYTHING, SET_QUANTITY } from './cart-edits';
import { CONNECTORS, EXTRA, FILLER, KEYWORDS, LANGUAGE_CUES, WITH, WITHOUT } from './keywords';
import { ARTICLES, COUPLES, NUMBER_WORDS } from './numbers';
import { EXTRAS, SIZES } from './synonyms';
import { type PerLanguage, singular } from './text';

const TABLES: PerLanguage[] = [
  ...KEYWORDS.map((rule) => rule.phrases),
  FILLER,
  CONNECTORS,
  WITH,
  WITHOUT,
  EXTRA,
  LANGUAGE_CUES,
  NUMBER_WORDS,
  ARTICLES,
  COUPLES,
  ...Object.values(SIZES),
  ...Object.values(EXTRAS),
  REMOVE,
  CLEAR,
  EVERYTHING,
  SET_QUANTITY,
];

/** Every word the tables know, with the languages it belongs to. */
const VOCABULARY = new Map<string, Set<AssistantLanguage>>();
for (const table of TABLES) {
  for (const [language, phrases] of Object.entries(table) as [AssistantLanguage, string[]][]) {
    for (const word of phrases.flatMap((phrase) => phrase.split(' '))) {
      const languages = VOCABULARY.get(word) ?? new Set();
      VOCABULARY.set(word, languages.add(language));
    }
  }
}

/**
 * The language of the folded words when they make it clear: more of them belong to it than to any other
 * ("dos margaritas grandes" is Spanish; "menu", "ok" and "2 margheritas" say nothing).
 */
export function detectLanguage(words: string[]): AssistantLanguage | undefined {
  const counts = new Map<AssistantLanguage, number>();
  for (const word of words) {
    for (const language of VOCABULARY.get(word) ?? VOCABULARY.get(singular(word)) ?? []) counts.set(language, (counts.get(language) ?? 0) + 1);
  }
  const [first, second] = [...counts].sort((a, b) => b[1] - a[1]);
  return first && (!second || first[1] > second[1]) ? first[0] : undefined;
}
