import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ExtensionRegistry, type JobContext, JobQueue, ProviderCallError, RetryJobLaterError, type ShopConnector, UnrecoverableJobError } from '@parley/plugin-sdk';
import { retryAfterDelay } from '../jobs/job-engine';
import { QueueNames } from '../jobs/queue-names';
import { type ShopOrderJob, ShopOrderPushService } from './shop-order-push.service';
import { type ShopSyncJob, ShopSyncService } from './shop-sync.service';

// Eight runs with backoff from 2 s cover about eight minutes of a shop being down; a Retry-After sets its own wait.
// One import at a time per process: imports are long and download images; orders are short.
export const SHOP_SYNC_JOB_SETTINGS = { concurrency: 1, attempts: 8, backoffMs: 2_000 };
export const SHOP_ORDER_JOB_SETTINGS = { concurrency: 5, attempts: 8, backoffMs: 2_000 };

/**
 * Runs the `shop-sync` (imports) and `shop-orders` (orders pushed) queues. The shop's rate limit (429) waits its
 * Retry-After, timeouts and 5xx are retried with backoff, and a refusal that would only repeat (a bad key) fails at
 * once; failures are kept on the sync state or the order's push record, and logged with ids only.
 */
@Injectable()
export class ShopSyncProcessor implements OnModuleInit {
  private readonly logger = new Logger('ShopSync');

  constructor(
    private readonly jobs: JobQueue,
    private readonly extensions: ExtensionRegistry,
    private readonly sync: ShopSyncService,
    private readonly orders: ShopOrderPushService,
  ) {}

  onModuleInit(): void {
    this.jobs.define<ShopSyncJob>(QueueNames.shopSync, (job) => this.importCatalog(job), SHOP_SYNC_JOB_SETTINGS);
    this.jobs.define<ShopOrderJob>(QueueNames.shopOrders, (job) => this.pushOrder(job), SHOP_ORDER_JOB_SETTINGS);
  }

  importCatalog(job: JobContext<ShopSyncJob>): Promise<void> {
    const what = `Shop ${job.data.run} import of store ${job.data.storeId} from ${job.data.connector}`;
    return this.runWith(job, what, SHOP_SYNC_JOB_SETTINGS, (connector) => this.sync.run(connector, job.data));
  }

  pushOrder(job: JobContext<ShopOrderJob>): Promise<void> {
    const what = `Push of order ${job.data.orderId} (store ${job.data.storeId}) to ${job.data.connector}`;
    return this.runWith(job, what, SHOP_ORDER_JOB_SETTINGS, (connector) => this.orders.push(connector, job.data), {
      failed: (reason, final) => this.orders.failed(job.data, reason, final),
      settled: () => this.orders.settled(job.data, job.id),
    });
  }

  /** `row`: the job's database row, told of failures and of the job's last run (done, skipped or failed for good). */
  private async runWith(
    { data, attempt }: JobContext<{ connector: string }>,
    what: string,
    settings: { attempts: number; backoffMs: number },
    work: (connector: ShopConnector) => Promise<void>,
    row?: { failed(reason: string, final: boolean): Promise<void>; settled(): Promise<void> },
  ): Promise<void> {
    const connector = this.extensions.list('shop').find((candidate) => candidate.code === data.connector);
    if (!connector) {
      this.logger.warn(`${what} skipped: no shop plugin "${data.connector}" is loaded any more`);
      await row?.settled();
      return;
    }
    try {
      await work(connector);
      await row?.settled();
    } catch (error) {
      if (error instanceof RetryJobLaterError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      const final = (error instanceof ProviderCallError && !error.retryable) || attempt >= settings.attempts;
      await row?.failed(reason, final);
      if (final) {
        await row?.settled();
        this.logger.warn(`${what} failed for good after ${attempt} attempt(s): ${reason}`);
        throw new UnrecoverableJobError(reason);
      }
      this.logger.log(`${what} failed, will retry: ${reason}`);
      if (error instanceof ProviderCallError && error.retryAfterMs !== undefined) throw new RetryJobLaterError(reason, retryAfterDelay(error.retryAfterMs, settings.backoffMs, attempt));
      throw error;
    }
  }
}
