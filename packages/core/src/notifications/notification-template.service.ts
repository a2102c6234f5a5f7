import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type AssistantLanguage, BadUserInputError } from '@parley/plugin-sdk';
import { DataSource, In } from 'typeorm';
import { ASSISTANT_LANGUAGES, assistantLanguage } from '../conversations/assistant/assistant-texts';
import { isUniqueViolation } from '../database/unique-violation';
import { UnitOfWork } from '../database/unit-of-work';
import { ClusterEventsService } from '../events/cluster-events.service';
import { EventBusService } from '../events/event-bus.service';
import { NotificationEvent } from './notification-event';
import { NotificationTemplate } from './notification-template.entity';
import { DEFAULT_TEMPLATES, validateTemplate } from './notification-templates';

export interface ApprovedTemplate {
  name: string;
  language: string;
}

export interface EffectiveTemplate {
  body: string;
  /** What to send instead outside WhatsApp's 24-hour window, when the store has one approved by Meta. */
  approvedTemplate: ApprovedTemplate | null;
  /** Whether the store wrote this text itself. */
  overridden: boolean;
}

export interface ListedTemplate extends EffectiveTemplate {
  event: NotificationEvent;
  language: AssistantLanguage;
}

export interface SetTemplateInput {
  event: NotificationEvent;
  language: string;
  body: string;
  whatsappTemplateName?: string | null;
  whatsappTemplateLanguage?: string | null;
}

const EVENTS = Object.values(NotificationEvent);
// Meta's rules: a template name is lowercase letters, digits and underscores; a language is like en, es_ES or pt_BR.
const WHATSAPP_TEMPLATE_NAME = /^[a-z0-9_]{1,512}$/;
const WHATSAPP_TEMPLATE_LANGUAGE = /^[a-z]{2,3}(_[A-Z]{2})?$/;

function knownEvent(event: string): NotificationEvent {
  if (!EVENTS.includes(event as NotificationEvent)) throw new BadUserInputError(`"${event}" is not a notification event; one of ${EVENTS.join(', ')}`);
  return event as NotificationEvent;
}

function knownLanguage(language: string): AssistantLanguage {
  const code = language.trim().toLowerCase();
  if (!ASSISTANT_LANGUAGES.includes(code as AssistantLanguage)) {
    throw new BadUserInputError(`Notifications are written in ${ASSISTANT_LANGUAGES.join(', ')}, not "${language}"`);
  }
  return code as AssistantLanguage;
}

function approvedTemplateOf(input: SetTemplateInput): ApprovedTemplate | null {
  const name = input.whatsappTemplateName?.trim() || null;
  const language = input.whatsappTemplateLanguage?.trim() || null;
  if (!name && !language) return null;
  if (!name || !language) throw new BadUserInputError('whatsappTemplateName and whatsappTemplateLanguage go together');
  if (!WHATSAPP_TEMPLATE_NAME.test(name)) {
    throw new BadUserInputError(`"${name}" is not a WhatsApp template name: lowercase letters, digits and underscores`);
  }
  if (!WHATSAPP_TEMPLATE_LANGUAGE.test(language)) throw new BadUserInputError(`"${language}" is not a WhatsApp template language such as es or es_ES`);
  return { name, language };
}

function effectiveOf(event: NotificationEvent, language: AssistantLanguage, override: NotificationTemplate | undefined | null): EffectiveTemplate {
  if (!override) return { body: DEFAULT_TEMPLATES[event][language], approvedTemplate: null, overridden: false };
  const { body, whatsappTemplateName: name, whatsappTemplateLanguage } = override;
  return { body, approvedTemplate: name && whatsappTemplateLanguage ? { name, language: whatsappTemplateLanguage } : null, overridden: true };
}

// How long a store's texts are trusted without reading them again. Changes are announced to every process at once
// (ClusterEventsService); this only bounds staleness should an announcement be lost.
export const TEMPLATE_RECHECK_MS = 30_000;

/**
 * The texts a store's notifications are sent with: its own where it wrote them, Parley's defaults elsewhere. Every
 * notification reads them: a store's own texts are kept in the process, and forgotten in every process when they change.
 */
@Injectable()
export class NotificationTemplateService implements OnModuleInit {
  private readonly overrides = new Map<string, { rows: Promise<NotificationTemplate[]>; readAt: number }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventBusService,
    private readonly cluster: ClusterEventsService,
  ) {}

  onModuleInit(): void {
    this.events.subscribe('notification_templates.changed', ({ payload }) => this.cluster.broadcast('notification_templates.changed', payload));
    this.cluster.on('notification_templates.changed', ({ storeId }) => this.overrides.delete(storeId));
  }

  /**
   * The text to send for the event in the language: the store's own, else the default. Stores write in the languages
   * the assistant speaks; for any other, the English text (the store's own, else the default).
   */
  async effective(storeId: string, event: NotificationEvent, language: string): Promise<EffectiveTemplate> {
    return (await this.effectiveOf([{ storeId, event, language }]))[0];
  }

  /** The texts of many sends (as `effective`): the stores' own texts from the process, or in one query for them all. */
  async effectiveOf(wanted: { storeId: string; event: NotificationEvent; language: string }[]): Promise<EffectiveTemplate[]> {
    const stale = [...new Set(wanted.map(({ storeId }) => storeId))].filter((storeId) => (this.overrides.get(storeId)?.readAt ?? 0) <= Date.now() - TEMPLATE_RECHECK_MS);
    if (stale.length) {
      const read = this.dataSource.getRepository(NotificationTemplate).findBy({ storeId: In(stale) });
      // Kept as the read in progress: a change announced meanwhile forgets it, so a text read before the change never stays.
      for (const storeId of stale) {
        const entry = { rows: read.then((rows) => rows.filter((row) => row.storeId === storeId)), readAt: Date.now() };
        this.overrides.set(storeId, entry);
        // A failed read is not kept: the next send reads again.
        entry.rows.catch(() => this.overrides.get(storeId) === entry && this.overrides.delete(storeId));
      }
    }
    return Promise.all(
      wanted.map(async ({ storeId, event, language }) => {
        const spoken = assistantLanguage(language.trim().toLowerCase());
        const rows = await this.overrides.get(storeId)!.rows;
        return effectiveOf(event, spoken, rows.find((row) => row.event === event && row.language === spoken));
      }),
    );
  }

  /** Every event in every language, as it would be sent. */
  async list(storeId: string): Promise<ListedTemplate[]> {
    const overrides = await this.dataSource.getRepository(NotificationTemplate).findBy({ storeId });
    return EVENTS.flatMap((event) =>
      ASSISTANT_LANGUAGES.map((language) => ({
        event,
        language,
        ...effectiveOf(event, language, overrides.find((row) => row.event === event && row.language === language)),
      })),
    );
  }

  /** The store's own text for the event in the language, checked before anything is saved. */
  async set(storeId: string, input: SetTemplateInput): Promise<ListedTemplate> {
    const event = knownEvent(input.event);
    const language = knownLanguage(input.language);
    const body = input.body.trim();
    validateTemplate(event, body);
    const approved = approvedTemplateOf(input);
    const write = () =>
      this.unitOfWork.run(async (tx) => {
        const row =
          (await tx.manager.findOneBy(NotificationTemplate, { storeId, event, language })) ??
          tx.manager.create(NotificationTemplate, { storeId, event, language });
        row.body = body;
        row.whatsappTemplateName = approved?.name ?? null;
        row.whatsappTemplateLanguage = approved?.language ?? null;
        tx.publish('notification_templates.changed', { storeId });
        return tx.manager.save(row);
      });
    let saved: NotificationTemplate;
    try {
      saved = await write();
    } catch (error) {
      // Two first overrides of the same text at once: the other one created the row, which this one now updates.
      if (!isUniqueViolation(error)) throw error;
      saved = await write();
    }
    return { event, language, ...effectiveOf(event, language, saved) };
  }

  /** Back to the default text, approved template dropped. */
  async reset(storeId: string, event: NotificationEvent, language: string): Promise<ListedTemplate> {
    const known = knownEvent(event);
    const code = knownLanguage(language);
    await this.unitOfWork.run(async (tx) => {
      await tx.manager.delete(NotificationTemplate, { storeId, event: known, language: code });
      tx.publish('notification_templates.changed', { storeId });
    });
    return { event: known, language: code, ...effectiveOf(known, code, null) };
  }
}
