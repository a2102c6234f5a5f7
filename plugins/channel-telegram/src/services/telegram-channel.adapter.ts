import { extname } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { type ChannelAdapter, type ChannelCapabilities, ChannelSendError, InboundMessages, MultipartSends, type OutboundMessage, PLUGIN_OPTIONS } from '@parley/plugin-sdk';
import { botIdOf, type TelegramBot, type TelegramOptions } from '../telegram-options';
import { BotApiClient, type SentTelegramMessage } from './bot-api.client';
import { CallbackDataService } from './callback-data.service';
import { buttonIds, LIMITS, renderContent } from './telegram-renderer';
import { CHANNEL } from './telegram-update.parser';

/** Telegram sends files as application/octet-stream: the type comes from the file's name. */
const MIME_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.oga': 'audio/ogg',
  '.ogg': 'audio/ogg',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.pdf': 'application/pdf',
  '.tgs': 'application/x-tgsticker',
};

/** Refusals that mean the customer can't be reached by this bot any more: recorded as their opting out. */
const UNREACHABLE = new Set(['blocked', 'deactivated']);

/** The Telegram channel: sends through the Bot API from the bot the conversation came in on. */
@Injectable()
export class TelegramChannelAdapter implements ChannelAdapter {
  readonly channel = CHANNEL;
  readonly capabilities: ChannelCapabilities = {
    buttons: { max: LIMITS.keyboardButtons, titleLength: LIMITS.buttonText },
    lists: { rows: LIMITS.keyboardButtons, titleLength: LIMITS.buttonText },
    productMessages: false,
    maxTextLength: LIMITS.text,
    // No customer-service window (and no templates): a bot may write to anyone who started it, until blocked.
    // About 30 messages a second per bot overall and one a second per chat; bursts beyond are answered with a 429 and
    // retry_after, which the core honours.
    messagesPerSecond: 30,
    messagesPerSecondPerChat: 1,
  };

  /** The parts sent so far of messages rendered as several Telegram messages, so a retry doesn't repeat them. */
  private readonly parts = new MultipartSends();

  constructor(
    @Inject(PLUGIN_OPTIONS) private readonly options: TelegramOptions,
    private readonly client: BotApiClient,
    private readonly callbackData: CallbackDataService,
    private readonly inbound: InboundMessages,
  ) {}

  /** The configured bot with this id; without one, the first configured bot. */
  bot(accountId?: string): TelegramBot {
    if (accountId === undefined || accountId === '') return this.options.bots[0];
    const bot = this.options.bots.find((candidate) => botIdOf(candidate.token) === accountId);
    if (!bot) throw new ChannelSendError(`Telegram bot ${accountId} is not configured`, false, undefined, 'unknown_account');
    return bot;
  }

  async send(message: OutboundMessage): Promise<{ providerMessageId: string }> {
    const bot = this.bot(message.to.accountId);
    const botId = botIdOf(bot.token);
    await this.callbackData.remember(buttonIds(message.content));
    try {
      const ids = await this.parts.send(message.messageId, renderContent(message.content), async (call) => {
        const sent = await this.client.call<SentTelegramMessage>(bot, call.method, { chat_id: Number(message.to.channelUserId), ...call.params });
        // Message ids are numbered per chat, and per bot.
        return `${botId}:${sent.chat.id}:${sent.message_id}`;
      });
      return { providerMessageId: ids[ids.length - 1] };
    } catch (error) {
      if (error instanceof ChannelSendError && error.providerCode && UNREACHABLE.has(error.providerCode)) {
        // The refusal is what the caller must hear: it is recorded on the message even if the consent can't be.
        const via = error.providerCode === 'blocked' ? 'telegram bot blocked' : 'telegram user deactivated';
        await this.inbound
          .changeConsent({ channel: CHANNEL, storeSlug: bot.storeSlug, channelUserId: message.to.channelUserId, scope: 'all', optedIn: false, at: new Date(), via })
          .catch(() => undefined);
      }
      throw error;
    }
  }

  async downloadMedia(media: { providerMediaId: string; accountId?: string }): Promise<{ bytes: Buffer; mimeType: string }> {
    const file = await this.client.downloadFile(this.bot(media.accountId), media.providerMediaId);
    const byName = MIME_TYPES[extname(file.filePath).toLowerCase()];
    const byHeader = file.contentType && !file.contentType.startsWith('application/octet-stream') ? file.contentType : undefined;
    return { bytes: file.bytes, mimeType: byName ?? byHeader ?? 'application/octet-stream' };
  }
}
