import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ChannelSendError, type InboundMessage, InboundMessages, type JobContext, JobQueue, RetryJobLaterError, UnrecoverableJobError } from '@parley/plugin-sdk';
import { botIdOf, type TelegramBot } from '../telegram-options';
import { BotApiClient } from './bot-api.client';
import { CallbackDataService } from './callback-data.service';
import { CHANNEL, parseUpdate } from './telegram-update.parser';
import { TelegramChannelAdapter } from './telegram-channel.adapter';

export const CALLBACK_ANSWERS_QUEUE = 'telegram-callback-answers';

/** The payload of a job on the `telegram-callback-answers` queue. */
export interface CallbackAnswerJob {
  botId: string;
  callbackQueryId: string;
}

/**
 * Hands verified updates to the core and answers every callback query once. The answer goes through the job queue:
 * the webhook is acknowledged at once, and an answer that fails is tried again.
 */
@Injectable()
export class TelegramUpdatesService implements OnModuleInit {
  constructor(
    private readonly inbound: InboundMessages,
    private readonly jobs: JobQueue,
    private readonly client: BotApiClient,
    private readonly adapter: TelegramChannelAdapter,
    private readonly callbackData: CallbackDataService,
  ) {}

  onModuleInit(): void {
    this.jobs.define<CallbackAnswerJob>(CALLBACK_ANSWERS_QUEUE, (job) => this.answer(job), { concurrency: 5, attempts: 4, backoffMs: 500 });
  }

  /** One update's raw body, from the bot's webhook. */
  async receive(bot: TelegramBot, body: string): Promise<void> {
    const parsed = parseUpdate(body, bot);
    // Telegram would only deliver the same update again: keep what can't be read, and acknowledge it.
    if (parsed.problem) await this.inbound.receiveMalformed({ channel: CHANNEL, body, reason: parsed.problem });
    if (parsed.message) await this.inbound.receive(await this.withButtonId(parsed.message));
    if (parsed.consent) await this.inbound.changeConsent(parsed.consent);
    // Once per callback query: the job id makes a second delivery of its update a no-op (both job engines remember
    // a job id for a day), also when the first delivery failed after storing the message and Telegram sent it again.
    if (parsed.callbackQueryId) {
      const botId = botIdOf(bot.token);
      await this.jobs.add<CallbackAnswerJob>(CALLBACK_ANSWERS_QUEUE, { botId, callbackQueryId: parsed.callbackQueryId }, { jobId: `telegram-answer-${botId}-${parsed.callbackQueryId}` });
    }
  }

  /** A tapped button's id as the core gave it, when its callback data stood for a longer one. */
  private async withButtonId(message: InboundMessage): Promise<InboundMessage> {
    const { content } = message;
    if (content.type !== 'reply') return message;
    const id = await this.callbackData.resolve(content.id);
    if (id === content.id) return message;
    return { ...message, content: id === null ? { type: 'unknown', providerType: 'callback_query.unknown_data' } : { ...content, id } };
  }

  private async answer({ data }: JobContext<CallbackAnswerJob>): Promise<void> {
    try {
      await this.client.answerCallbackQuery(this.adapter.bot(data.botId), data.callbackQueryId);
    } catch (error) {
      if (!(error instanceof ChannelSendError)) throw error;
      // Too old (Telegram keeps a query open for a short while) or any other refusal: trying again won't help.
      if (!error.retryable) throw new UnrecoverableJobError(error.message);
      if (error.retryAfterMs !== undefined) throw new RetryJobLaterError(error.message, error.retryAfterMs);
      throw error;
    }
  }
}
