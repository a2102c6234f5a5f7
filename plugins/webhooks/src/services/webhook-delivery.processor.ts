import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { type JobContext, JobQueue, PLUGIN_OPTIONS, RetryJobLaterError, Transactions, UnrecoverableJobError } from '@parley/plugin-sdk';
import { DataSource, type EntityManager, MoreThanOrEqual } from 'typeorm';
import { WebhookDelivery } from '../entities/webhook-delivery.entity';
import { WebhookEndpoint } from '../entities/webhook-endpoint.entity';
import type { WebhooksOptions } from '../webhooks-options';
import { recordAttempt } from './delivery-log';
import { retryDelayMs } from './retry-schedule';
import { DELIVERY_QUEUE, type DeliveryJob } from './webhook-capture.service';
import { WebhookSender } from './webhook-sender';

/**
 * Sends a delivery, one request per run: 2xx delivers it; anything else is retried later (after the endpoint's
 * Retry-After on 429 and 503, else on the retry schedule) until the attempts are spent. 410 Gone disables the endpoint
 * at once; so does a run of failed deliveries.
 */
@Injectable()
export class WebhookDeliveryProcessor implements OnModuleInit {
  private readonly logger = new Logger('Webhooks');

  constructor(
    @Inject(PLUGIN_OPTIONS) private readonly options: WebhooksOptions,
    private readonly jobs: JobQueue,
    private readonly transactions: Transactions,
    private readonly dataSource: DataSource,
    private readonly sender: WebhookSender,
  ) {}

  onModuleInit(): void {
    this.jobs.define<DeliveryJob>(DELIVERY_QUEUE, (job) => this.process(job), {
      concurrency: this.options.concurrency,
      attempts: this.options.maxAttempts,
      backoffMs: this.options.retryDelayMs,
    });
  }

  async process({ data, attempt }: JobContext<DeliveryJob>): Promise<void> {
    const delivery = await this.dataSource.getRepository(WebhookDelivery).findOne({ where: { id: data.deliveryId }, relations: { endpoint: true } });
    // Deleted with its endpoint, or settled by an earlier run of this job.
    if (!delivery?.endpoint || delivery.status !== 'pending') return;
    const endpoint = delivery.endpoint;
    if (!endpoint.enabled) {
      await this.transactions.run((tx) => tx.manager.update(WebhookDelivery, { id: delivery.id }, { status: 'failed', finishedAt: new Date() }));
      return;
    }
    const result = await this.sender.send({ url: endpoint.url, secret: endpoint.secret, deliveryId: delivery.id, eventType: delivery.eventType, body: delivery.body });
    const fields = { endpointId: endpoint.id, deliveryId: delivery.id, attempt, statusCode: result.statusCode };

    if (result.succeeded) {
      await this.transactions.run(async (tx) => {
        await recordAttempt(tx, delivery, attempt, result, 'delivered');
        await tx.manager.update(WebhookEndpoint, { id: endpoint.id, failedDeliveriesInRow: MoreThanOrEqual(1) }, { failedDeliveriesInRow: 0 });
      });
      return;
    }
    if (result.statusCode === 410) {
      await this.transactions.run(async (tx) => {
        await recordAttempt(tx, delivery, attempt, result, 'failed');
        await tx.manager.update(WebhookEndpoint, { id: endpoint.id, enabled: true }, { enabled: false, disabledReason: 'The endpoint answered 410 Gone', disabledAt: new Date() });
      });
      this.logger.warn({ msg: 'Webhook endpoint disabled: it answered 410 Gone', ...fields });
      throw new UnrecoverableJobError('The endpoint answered 410 Gone');
    }
    if (attempt >= this.options.maxAttempts) {
      const disabled = await this.transactions.run(async (tx) => {
        await recordAttempt(tx, delivery, attempt, result, 'failed');
        return this.countFailedDelivery(tx.manager, endpoint.id);
      });
      this.logger.warn({ msg: disabled ? 'Webhook endpoint disabled after failed deliveries' : 'Webhook delivery failed for good', ...fields });
      throw new UnrecoverableJobError(`${result.error} (attempt ${attempt} of ${this.options.maxAttempts})`);
    }
    await this.transactions.run((tx) => recordAttempt(tx, delivery, attempt, result, 'pending'));
    const delay = result.retryAfterMs !== null ? Math.min(result.retryAfterMs, this.options.maxRetryDelayMs) : retryDelayMs(attempt, this.options.retryDelayMs, this.options.maxRetryDelayMs);
    throw new RetryJobLaterError(`${result.error}; retrying in ${Math.round(delay / 1000)} s`, delay);
  }

  /** Counts one more delivery failed for good; disables the endpoint once there are too many in a row. */
  private async countFailedDelivery(manager: EntityManager, endpointId: string): Promise<boolean> {
    await manager
      .createQueryBuilder()
      .update(WebhookEndpoint)
      .set({ failedDeliveriesInRow: () => '"failedDeliveriesInRow" + 1' })
      .where('id = :endpointId', { endpointId })
      .execute();
    const limit = this.options.disableAfterFailedDeliveries;
    const { affected } = await manager.update(
      WebhookEndpoint,
      { id: endpointId, enabled: true, failedDeliveriesInRow: MoreThanOrEqual(limit) },
      { enabled: false, disabledReason: `${limit} deliveries in a row failed after every retry`, disabledAt: new Date() },
    );
    return (affected ?? 0) > 0;
  }
}
