import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type DomainEvent, EventBus, JobQueue, PLUGIN_OPTIONS, Transactions } from '@parley/plugin-sdk';
import { DataSource, In, LessThan, Not } from 'typeorm';
import { WebhookDelivery } from '../entities/webhook-delivery.entity';
import { WebhookEndpoint } from '../entities/webhook-endpoint.entity';
import type { WebhooksOptions } from '../webhooks-options';
import { storeOf, webhookBody } from './webhook-body';

export const DELIVERY_QUEUE = 'webhooks.deliveries';

/** A delivery job's payload: everything else is read from the delivery's row when the job runs. */
export interface DeliveryJob {
  deliveryId: string;
}

// The job id is the delivery's, so queueing one again (the sweep) is a no-op while the queue still knows it.
export const deliveryJobId = (deliveryId: string) => `webhook-delivery-${deliveryId}`;

const SWEEP_BATCH = 500;
const DAY_MS = 24 * 3600_000;

export function wants(endpoint: Pick<WebhookEndpoint, 'eventTypes'>, eventType: string): boolean {
  return endpoint.eventTypes.length === 0 || endpoint.eventTypes.includes(eventType);
}

/**
 * Hears every event after its commit and turns it into one delivery per enabled endpoint of its store that wants it:
 * rows first, then jobs. A periodic sweep queues again what the queue lost, and deletes old finished deliveries.
 */
@Injectable()
export class WebhookCaptureService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Webhooks');
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;

  constructor(
    @Inject(PLUGIN_OPTIONS) private readonly options: WebhooksOptions,
    private readonly events: EventBus,
    private readonly jobs: JobQueue,
    private readonly transactions: Transactions,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.events.subscribeAll((event) => this.capture(event));
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.startSweep(), this.options.sweepIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  async capture(event: DomainEvent): Promise<void> {
    const storeId = storeOf(event);
    if (!storeId) return;
    const endpoints = (await this.dataSource.getRepository(WebhookEndpoint).findBy({ storeId, enabled: true })).filter((endpoint) => wants(endpoint, event.type));
    if (endpoints.length === 0) return;
    const body = webhookBody(event, storeId);
    const rows = endpoints.map((endpoint) => ({
      id: randomUUID(),
      storeId,
      endpointId: endpoint.id,
      eventId: event.id,
      eventType: event.type,
      body,
      status: 'pending' as const,
      attempts: 0,
      queuedAt: null,
      finishedAt: null,
    }));
    // An event already captured for an endpoint keeps its first delivery: the unique (endpoint, event) settles it. The
    // job of a row that was not written finds no delivery and does nothing.
    await this.transactions.run((tx) => tx.manager.createQueryBuilder().insert().into(WebhookDelivery).values(rows).orIgnore().updateEntity(false).execute());
    await this.queue(rows.map((row) => row.id));
  }

  /** Queues deliveries and notes when; one the queue refuses (Redis down) stays pending for the sweep. */
  async queue(deliveryIds: string[]): Promise<void> {
    const queued: string[] = [];
    try {
      for (const deliveryId of deliveryIds) {
        await this.jobs.add<DeliveryJob>(DELIVERY_QUEUE, { deliveryId }, { jobId: deliveryJobId(deliveryId) });
        queued.push(deliveryId);
      }
    } catch (error) {
      this.logger.warn(`Queueing webhook deliveries failed, the sweep will queue them again: ${(error as Error).message}`);
    }
    if (queued.length === 0) return;
    await this.transactions.run((tx) => tx.manager.update(WebhookDelivery, { id: In(queued) }, { queuedAt: new Date() }));
  }

  /**
   * Queues again pending deliveries not queued since the last sweep (the queue had lost them, or never got them), and
   * deletes finished deliveries older than keepLogDays with their log. Re-queueing one the queue still holds is a
   * no-op, thanks to its job id.
   */
  async sweep(): Promise<void> {
    const repository = this.dataSource.getRepository(WebhookDelivery);
    const before = new Date(Date.now() - this.options.sweepIntervalMs);
    const stale = await repository
      .createQueryBuilder('delivery')
      .select('delivery.id')
      .where('delivery.status = :pending', { pending: 'pending' })
      .andWhere('(delivery.queuedAt IS NULL OR delivery.queuedAt < :before)', { before })
      .orderBy('delivery.createdAt', 'ASC')
      .limit(SWEEP_BATCH)
      .getMany();
    await this.queue(stale.map((delivery) => delivery.id));
    const expired = new Date(Date.now() - this.options.keepLogDays * DAY_MS);
    await this.transactions.run((tx) => tx.manager.delete(WebhookDelivery, { status: Not('pending'), finishedAt: LessThan(expired) }));
  }

  private startSweep(): void {
    if (this.sweeping) return;
    this.sweeping = this.sweep()
      .catch((error: Error) => this.logger.warn(`Webhook sweep failed: ${error.message}`))
      .finally(() => {
        this.sweeping = undefined;
      });
  }
}
