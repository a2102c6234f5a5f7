import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ExtensionRegistry, FileStorage, type JobContext, JobQueue } from '@parley/plugin-sdk';
import { DataSource, IsNull, LessThan } from 'typeorm';
import { ReceivedMessage } from '../channels/received-message.entity';
import type { AppConfig } from '../config/config.schema';
import { APP_CONFIG } from '../config/config.module';
import { QueueNames } from '../jobs/queue-names';
import { StoreService } from '../stores/store.service';
import { AssistantService } from './assistant/assistant.service';
import { ASSISTANT_TEXTS, assistantLanguage } from './assistant/assistant-texts';
import { ConversationStatus } from './conversation-status';
import { ConversationService } from './conversation.service';
import { MessageSenderService } from './message-sender.service';

/** The payload of a job on the `conversations` queue: "this conversation has messages to handle". */
export interface ConversationJob {
  storeId: string;
  channel: string;
  channelUserId: string;
}

const SETTINGS = { concurrency: 8, attempts: 4, backoffMs: 500 };
// Longer than any turn takes (a payment provider's timeout included); a crashed holder blocks no longer than this.
const LEASE_MS = 60_000;
// Received messages still waiting this long lost their job (a crash between storing and queueing, Redis restarted).
const SWEEP_AFTER_MS = 30_000;

/**
 * Handles customers' messages: stores each in its conversation, lets the assistant answer (unless staff have the
 * conversation), and sends the answers. One processor at a time holds a conversation, so its messages are handled
 * strictly in the order received however many workers run; different conversations proceed in parallel.
 */
@Injectable()
export class ConversationMessagesProcessor implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Conversations');
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly conversations: ConversationService,
    private readonly assistant: AssistantService,
    private readonly sender: MessageSenderService,
    private readonly stores: StoreService,
    private readonly extensions: ExtensionRegistry,
    private readonly storage: FileStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.define<ConversationJob>(QueueNames.conversations, (job) => this.process(job), SETTINGS);
  }

  onApplicationBootstrap(): void {
    if (!this.config.runWorkers) return;
    this.sweeper = setInterval(() => void this.sweep().catch((error: Error) => this.logger.warn(`Sweep failed: ${error.message}`)), SWEEP_AFTER_MS);
    this.sweeper.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  async process({ data, attempt }: JobContext<ConversationJob>): Promise<void> {
    const first = await this.dataSource.getRepository(ReceivedMessage).findOne({ where: { ...data, processedAt: IsNull() }, order: { id: 'ASC' } });
    if (!first) return;
    const conversation = await this.conversations.open(first);
    // A holder per call, not per process: two jobs of one conversation in one process must not both get in.
    const holder = randomUUID();
    while (await this.conversations.acquire(conversation.id, holder, LEASE_MS)) {
      try {
        for (let received = await this.conversations.nextReceived(conversation); received; received = await this.conversations.nextReceived(conversation)) {
          await this.handle(conversation.id, received, attempt);
        }
      } finally {
        await this.conversations.release(conversation.id, holder);
      }
      // A message stored while the lease was being released found it taken and left itself to this holder.
      if (!(await this.conversations.nextReceived(conversation))) return;
    }
  }

  private async handle(conversationId: string, received: ReceivedMessage, attempt: number): Promise<void> {
    const mediaKey = await this.keepMedia(received);
    const { conversation, contact } = await this.conversations.recordInbound(conversationId, received, mediaKey);
    const store = await this.stores.get(conversation.storeId);
    let silent = conversation.status === ConversationStatus.waiting_for_staff || conversation.status === ConversationStatus.with_staff;
    if (silent && conversation.staffSince && Date.now() - conversation.staffSince.getTime() > store.staffTimeoutMinutes * 60_000) {
      await this.conversations.resumeAssistant(conversation.id);
      silent = false;
    }
    let outcome;
    try {
      outcome = await this.assistant.respond({
        store,
        contact,
        conversation,
        content: received.message.content,
        referredProductId: received.message.referredProductId,
        silent,
      });
    } catch (error) {
      if (attempt < SETTINGS.attempts) throw error;
      // The same message failed every time: answer it, hand the conversation to staff, and let the next ones through.
      this.logger.error(`Message ${received.id} could not be handled: ${(error as Error).message}`);
      const text = ASSISTANT_TEXTS[assistantLanguage(contact.language, store.defaultLanguage)].error;
      outcome = { replies: [{ type: 'text' as const, text }], state: conversation.assistantState ?? { step: 'idle' as const }, handOff: true };
    }
    const replies = await this.conversations.completeTurn(conversation.id, received, outcome);
    // Just written, in order: sent without reading them back.
    if (replies.length) await this.sender.sendNow(replies.map((reply) => reply.id), { messages: replies, conversation });
  }

  /** Keeps a copy of an inbound picture or document: providers delete theirs after a while. */
  private async keepMedia(received: ReceivedMessage): Promise<string | null> {
    const { content, accountId } = received.message;
    if (content.type !== 'media' || !content.providerMediaId) return null;
    const adapter = this.extensions.list('channel').find((candidate) => candidate.channel === received.channel);
    if (!adapter?.downloadMedia) return null;
    try {
      const media = await adapter.downloadMedia({ providerMediaId: content.providerMediaId, accountId });
      const key = `media/${received.storeId}/${received.channel}-${received.id}`;
      await this.storage.put(key, media.bytes, media.mimeType);
      return key;
    } catch (error) {
      // The message matters more than its attachment: keep it, say why the file is missing.
      this.logger.warn(`Could not keep media of received message ${received.id}: ${(error as Error).message}`);
      return null;
    }
  }

  /** Queues conversations whose messages wait without a job. */
  async sweep(): Promise<void> {
    const waiting = await this.dataSource
      .getRepository(ReceivedMessage)
      .createQueryBuilder('received')
      .select(['received.storeId', 'received.channel', 'received.channelUserId'])
      .addSelect('MIN(received.id)', 'first')
      .where({ processedAt: IsNull(), receivedAt: LessThan(new Date(Date.now() - SWEEP_AFTER_MS)) })
      .groupBy('received.storeId')
      .addGroupBy('received.channel')
      .addGroupBy('received.channelUserId')
      .limit(1000)
      .getRawMany<{ received_storeId: string; received_channel: string; received_channelUserId: string; first: number }>();
    for (const row of waiting) {
      const job = { storeId: row.received_storeId, channel: row.received_channel, channelUserId: row.received_channelUserId };
      await this.jobs.add(QueueNames.conversations, job, { jobId: `sweep-${row.first}-${Math.floor(Date.now() / SWEEP_AFTER_MS)}` });
    }
  }
}
