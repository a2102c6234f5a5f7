import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ChannelSendError, ExtensionRegistry, type JobContext, JobQueue, RetryJobLaterError } from '@parley/plugin-sdk';
import { retryAfterDelay } from '../jobs/job-engine';
import { QueueNames } from '../jobs/queue-names';
import { fitToChannel } from './channel-fit';
import type { Conversation } from './conversation.entity';
import { ConversationService } from './conversation.service';
import { type Message, MessageStatus } from './message.entity';

/** The payload of a job on the `channel-sends` queue: messages of one conversation, sent in this order. */
export interface ChannelSendJob {
  messageIds: string[];
}

const SEND_SETTINGS = { concurrency: 10, attempts: 8, backoffMs: 2000 };

/**
 * Sends our messages through their conversation's channel, in the order they were written, each once: a message
 * that is no longer pending (sent before a crash, or already answered by the provider) is skipped. A provider that
 * can't take a message now (timeout, 5xx, rate limit) gets it again later through the job queue; a permanent refusal
 * marks the message failed with the provider's reason.
 */
@Injectable()
export class MessageSenderService implements OnModuleInit {
  private readonly logger = new Logger('MessageSender');

  constructor(
    private readonly conversations: ConversationService,
    private readonly extensions: ExtensionRegistry,
    private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    this.jobs.define<ChannelSendJob>(QueueNames.channelSends, (job) => this.retry(job), SEND_SETTINGS);
  }

  /**
   * Sends now; what the provider can't take now is queued to be sent again after a pause. `written` are the messages
   * themselves with their conversation when the caller has just written them (pending, known to no one else yet), which
   * spares reading them back.
   */
  async sendNow(messageIds: string[], written?: { messages: Message[]; conversation: Conversation }): Promise<void> {
    try {
      await this.deliver(messageIds, written && written.messages.map((message) => ({ message, conversation: written.conversation })));
    } catch (error) {
      const delayMs = error instanceof ChannelSendError && error.retryAfterMs !== undefined ? retryAfterDelay(error.retryAfterMs, SEND_SETTINGS.backoffMs, 1) : SEND_SETTINGS.backoffMs;
      this.logger.warn(`Sending paused, retrying in ${delayMs} ms: ${(error as Error).message}`);
      await this.jobs.add<ChannelSendJob>(QueueNames.channelSends, { messageIds }, { jobId: `send-${messageIds[0]}`, delayMs });
    }
  }

  private async retry({ data, attempt }: JobContext<ChannelSendJob>): Promise<void> {
    try {
      await this.deliver(data.messageIds);
    } catch (error) {
      if (attempt >= SEND_SETTINGS.attempts) await this.failPending(data.messageIds, `Gave up after ${attempt} attempts: ${(error as Error).message}`);
      else if (error instanceof ChannelSendError && error.retryAfterMs !== undefined) throw new RetryJobLaterError(error.message, retryAfterDelay(error.retryAfterMs, SEND_SETTINGS.backoffMs, attempt));
      throw error;
    }
  }

  /** Throws on the first error worth retrying, leaving that message and the ones after it pending. */
  private async deliver(messageIds: string[], loaded?: { message: Message; conversation: Conversation }[]): Promise<void> {
    for (const { message, conversation } of loaded ?? (await this.conversations.outgoing(messageIds))) {
      if (message.status !== MessageStatus.pending) continue;
      const adapter = this.extensions.list('channel').find((candidate) => candidate.channel === conversation.channel);
      if (!adapter) {
        await this.fail(message.id, conversation.channel, `No ${conversation.channel} channel plugin is loaded`);
        continue;
      }
      try {
        const { providerMessageId } = await adapter.send({
          messageId: message.id,
          to: { storeId: conversation.storeId, channelUserId: conversation.channelUserId, accountId: conversation.accountId ?? undefined },
          content: fitToChannel(message.content as never, adapter.capabilities),
        });
        await this.conversations.markSent([{ message, providerMessageId }], new Date());
      } catch (error) {
        if (error instanceof ChannelSendError && !error.retryable) {
          await this.fail(message.id, conversation.channel, error.message, error.providerCode);
          continue;
        }
        throw error;
      }
    }
  }

  private async failPending(messageIds: string[], reason: string): Promise<void> {
    for (const { message, conversation } of await this.conversations.outgoing(messageIds)) {
      if (message.status === MessageStatus.pending) await this.fail(message.id, conversation.channel, reason);
    }
  }

  private fail(messageId: string, channel: string, reason: string, code = 'send_failed'): Promise<void> {
    return this.conversations.applyDeliveryStatus({
      channel,
      providerMessageId: '',
      messageId,
      status: 'failed',
      at: new Date(),
      error: { code, reason },
    });
  }
}
