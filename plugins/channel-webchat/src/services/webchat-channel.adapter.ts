import { Injectable } from '@nestjs/common';
import { type ChannelAdapter, type ChannelCapabilities, ChannelSendError, type OutboundMessage } from '@parley/plugin-sdk';
import { CHANNEL, storeContent } from './webchat-message';
import { WebchatSessionsService } from './webchat-sessions.service';

/** The web chat as a channel of the core: an answer is kept for the visitor's history and relayed to their browser. */
@Injectable()
export class WebchatChannelAdapter implements ChannelAdapter {
  readonly channel = CHANNEL;
  readonly capabilities: ChannelCapabilities = {
    buttons: { max: 3, titleLength: 40 },
    lists: { rows: 10, titleLength: 40 },
    productMessages: false,
    maxTextLength: 4096,
  };

  constructor(private readonly sessions: WebchatSessionsService) {}

  async send(message: OutboundMessage): Promise<{ providerMessageId: string }> {
    // The store's slug, set as the account when the visitor wrote: a web chat visitor belongs to one store's chat.
    const storeSlug = message.to.accountId;
    if (!storeSlug) throw new ChannelSendError('This conversation has no web chat store to answer in', false, undefined, 'no_store');
    await this.sessions.deliver(storeSlug, message.to.channelUserId, message.messageId, storeContent(message.content));
    return { providerMessageId: message.messageId };
  }
}
