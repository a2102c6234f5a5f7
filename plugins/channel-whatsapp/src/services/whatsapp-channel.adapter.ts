import { Inject, Injectable } from '@nestjs/common';
import { type ChannelAdapter, type ChannelCapabilities, ChannelSendError, type OutboundMessage, PLUGIN_OPTIONS } from '@parley/plugin-sdk';
import type { WhatsAppAccount, WhatsAppOptions } from '../whatsapp-options';
import { GraphApiClient } from './graph-api.client';
import { LIMITS, renderContent } from './whatsapp-renderer';
import { CHANNEL } from './whatsapp-webhook.parser';

/** How many multi-part sends are remembered, so a retry doesn't repeat the parts that already went out. */
const PROGRESS_ENTRIES = 1_000;
const PROGRESS_TTL_MS = 60 * 60_000;

/** The WhatsApp Cloud API channel: sends through the Graph API from the number the conversation came in on. */
@Injectable()
export class WhatsAppChannelAdapter implements ChannelAdapter {
  readonly channel = CHANNEL;
  readonly capabilities: ChannelCapabilities = {
    buttons: { max: LIMITS.buttons, titleLength: LIMITS.buttonTitle },
    lists: { rows: LIMITS.listRows, titleLength: LIMITS.rowTitle },
    productMessages: true,
    maxTextLength: LIMITS.text,
    // Free-form messages only within 24 hours of the customer's last message; templates after that.
    customerServiceWindowHours: 24,
    // Cloud API's default throughput per business phone number.
    messagesPerSecond: 80,
  };

  /** messageId → the ids of the parts sent so far of a message rendered as several WhatsApp messages. */
  private readonly progress = new Map<string, { ids: string[]; at: number }>();

  constructor(
    @Inject(PLUGIN_OPTIONS) private readonly options: WhatsAppOptions,
    private readonly graph: GraphApiClient,
  ) {}

  /** The configured number with this phone number id; without one, the first configured number. */
  account(accountId?: string): WhatsAppAccount {
    if (accountId === undefined || accountId === '') return this.options.accounts[0];
    const account = this.options.accounts.find((candidate) => candidate.phoneNumberId === accountId);
    if (!account) throw new ChannelSendError(`WhatsApp account ${accountId} is not configured`, false, undefined, 'unknown_account');
    return account;
  }

  async send(message: OutboundMessage): Promise<{ providerMessageId: string }> {
    const account = this.account(message.to.accountId);
    const parts = renderContent(message.content, { catalogId: account.catalogId });
    const done = parts.length > 1 ? this.remembered(message.messageId) : [];
    for (const [index, part] of parts.entries()) {
      if (index < done.length) continue;
      const id = await this.graph.sendMessage(account, {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: message.to.channelUserId,
        // Echoed in every status webhook of this message, so statuses map back to our id.
        biz_opaque_callback_data: message.messageId,
        ...part,
      });
      done.push(id);
      if (parts.length > 1) this.remember(message.messageId, done);
    }
    this.progress.delete(message.messageId);
    return { providerMessageId: done[done.length - 1] };
  }

  async downloadMedia(media: { providerMediaId: string; accountId?: string }): Promise<{ bytes: Buffer; mimeType: string }> {
    return this.graph.downloadMedia(this.account(media.accountId), media.providerMediaId);
  }

  private remembered(messageId: string): string[] {
    const entry = this.progress.get(messageId);
    return entry && Date.now() - entry.at < PROGRESS_TTL_MS ? [...entry.ids] : [];
  }

  private remember(messageId: string, ids: string[]): void {
    this.progress.delete(messageId);
    this.progress.set(messageId, { ids: [...ids], at: Date.now() });
    if (this.progress.size > PROGRESS_ENTRIES) this.progress.delete(this.progress.keys().next().value as string);
  }
}
