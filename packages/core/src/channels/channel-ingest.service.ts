import { Injectable, Logger } from '@nestjs/common';
import { type ConsentChange, type DeliveryStatusUpdate, type InboundMessage, InboundMessages, JobQueue } from '@parley/plugin-sdk';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import type { ConversationJob } from '../conversations/conversation-messages.processor';
import { ConversationService } from '../conversations/conversation.service';
import { QueueNames } from '../jobs/queue-names';
import { Store } from '../stores/store.entity';
import { MalformedWebhook } from './malformed-webhook.entity';
import { ReceivedMessageWriter } from './received-message.writer';

/**
 * Where channel plugins deliver what their webhooks received. A message is stored once (the database settles
 * duplicates; under load one INSERT stores the messages of many webhooks, see ReceivedMessageWriter), queued for its
 * conversation, and the webhook answered: the assistant's work happens on the job queue.
 */
@Injectable()
export class ChannelIngestService extends InboundMessages {
  private readonly logger = new Logger('ChannelIngest');
  // Slugs never change once a store exists, so a store's id can be remembered.
  private readonly storeIds = new Map<string, Promise<string | null>>();
  private readonly writer: ReceivedMessageWriter;

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly jobs: JobQueue,
    private readonly conversations: ConversationService,
  ) {
    super();
    this.writer = new ReceivedMessageWriter(dataSource, unitOfWork);
  }

  async receive(message: InboundMessage): Promise<{ duplicate: boolean }> {
    const storeId = await this.storeIdOf(message.storeSlug);
    if (!storeId) {
      await this.receiveMalformed({ channel: message.channel, body: JSON.stringify(message), reason: `No store "${message.storeSlug}"` });
      return { duplicate: false };
    }
    const { raw, ...rest } = message;
    const id = await this.writer.insert({
      storeId,
      channel: message.channel,
      channelUserId: message.from.channelUserId,
      providerMessageId: message.providerMessageId,
      sequence: message.sequence ?? null,
      message: rest,
      raw: (raw as object | undefined) ?? null,
      receivedAt: message.receivedAt,
      processedAt: null,
    });
    if (id === null) return { duplicate: true };
    // Stored is safe: if queueing fails now, the conversation's next message or the periodic sweep picks it up.
    await this.enqueue({ storeId, channel: message.channel, channelUserId: message.from.channelUserId }, `received-${id}`).catch((error: Error) =>
      this.logger.warn(`Could not queue received message ${id}: ${error.message}`),
    );
    return { duplicate: false };
  }

  async receiveMalformed(event: { channel: string; body: string; reason: string }): Promise<void> {
    await this.unitOfWork.run((tx) => tx.manager.insert(MalformedWebhook, { channel: event.channel, body: event.body, reason: event.reason.slice(0, 500) }));
    this.logger.warn(`Kept a malformed ${event.channel} webhook: ${event.reason}`);
  }

  updateStatus(update: DeliveryStatusUpdate): Promise<void> {
    return this.conversations.applyDeliveryStatus(update);
  }

  async changeConsent(change: ConsentChange): Promise<void> {
    const storeId = await this.storeIdOf(change.storeSlug);
    if (!storeId) return this.receiveMalformed({ channel: change.channel, body: JSON.stringify(change), reason: `No store "${change.storeSlug}"` });
    await this.conversations.changeConsent({ storeId, channel: change.channel, channelUserId: change.channelUserId }, change.scope, change.optedIn, change.at, change.via);
  }

  enqueue(job: ConversationJob, jobId: string): Promise<void> {
    return this.jobs.add(QueueNames.conversations, job, { jobId });
  }

  private storeIdOf(slug: string): Promise<string | null> {
    let id = this.storeIds.get(slug);
    if (!id) {
      // Webhooks arriving together share one lookup, and wait for it in the order they came.
      id = this.dataSource
        .getRepository(Store)
        .findOne({ where: { slug }, select: { id: true } })
        .then((store) => store?.id ?? null);
      this.storeIds.set(slug, id);
      // Only a store that exists is remembered (one may be created later); a failed lookup is tried again.
      void id.then(
        (found) => found ?? this.storeIds.delete(slug),
        () => this.storeIds.delete(slug),
      );
    }
    return id;
  }
}
