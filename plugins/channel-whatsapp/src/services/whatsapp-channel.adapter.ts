import { Inject, Injectable } from '@nestjs/common';
import { type ChannelAdapter, type ChannelCapabilities, ChannelSendError, MultipartSends, type OutboundMessage, PLUGIN_OPTIONS } from '@parley/plugin-sdk';
import type { WhatsAppAccount, WhatsAppOptions } from '../whatsapp-options';
import { GraphApiClient } from './graph-api.client';
import { LIMITS, renderContent } from './whatsapp-renderer';
import { CHANNEL } from './whatsapp-webhook.parser';

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
    // A customer is their WhatsApp number.
    channelUserIdIsPhone: true,
  };

  /** The parts sent so far of messages rendered as several WhatsApp messages, so a retry doesn't repeat them. */
  private readonly parts = new MultipartSends();

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
    const ids = await this.parts.send(message.messageId, renderContent(message.content, { catalogId: account.catalogId }), (part) =>
      this.graph.sendMessage(account, {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: message.to.channelUserId,
        // Echoed in every status webhook of this message, so statuses map back to our id.
        biz_opaque_callback_data: message.messageId,
        ...part,
      }),
    );
    return { providerMessageId: ids[ids.length - 1] };
  }

  async downloadMedia(media: { providerMediaId: string; accountId?: string }): Promise<{ bytes: Buffer; mimeType: string }> {
    return this.graph.downloadMedia(this.account(media.accountId), media.providerMediaId);
  }
}
