import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ExtensionRegistry, JobQueue, RetryJobLaterError, type ShopConnector } from '@parley/plugin-sdk';
import { DataSource, In } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import { EventBusService } from '../events/event-bus.service';
import { QueueNames } from '../jobs/queue-names';
import { markSettled, type QueuedJob, QueuedRowRescue, queueOn } from '../jobs/queued-rows';
import { OFFLINE_PAYMENT_METHODS, OrderService } from '../orders/order.service';
import { StoreService } from '../stores/store.service';
import { claimRow, findOrInsert, releaseRow } from '../database/row-claim';
import { ShopOrderPush, ShopOrderPushStatus } from './shop-order-push.entity';
import { idPart, ShopSyncService } from './shop-sync.service';
import { ShopVariantLink } from './shop-variant-link.entity';

/** The payload of a job on the `shop-orders` queue. */
export interface ShopOrderJob {
  connector: string;
  storeId: string;
  orderId: string;
}

const CLAIM_MS = 2 * 60_000;
const CLAIM_WAIT_MS = 1_000;

/**
 * Pushes the store's orders to the back office of every shop that serves it, so the shop fulfils them and counts
 * their stock. An order paid on handover (cash, pay at pickup) goes when placed; one paid online goes once paid: an
 * unpaid link may expire and its stock go back, which would leave an order in the shop that nobody pays. The job id
 * names the order and the trigger, the shop's id is kept in `shop_order_push`, and jobs of one order take turns,
 * so a job run twice never creates a second order (connectors also look the order up by our number before creating).
 */
@Injectable()
export class ShopOrderPushService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventBusService,
    private readonly jobs: JobQueue,
    private readonly extensions: ExtensionRegistry,
    private readonly stores: StoreService,
    private readonly orders: OrderService,
    private readonly sync: ShopSyncService,
    private readonly rescue: QueuedRowRescue,
  ) {}

  onModuleInit(): void {
    this.rescue.register({
      entity: ShopOrderPush,
      requeue: (row) => this.jobs.add<ShopOrderJob>(QueueNames.shopOrders, { connector: row.connector, storeId: row.storeId, orderId: row.orderId }, { jobId: row.jobId! }),
    });
    queueOn(this.unitOfWork, this.events, 'order.placed', ShopOrderPush, ({ storeId, orderId }) => this.jobsOf(storeId, orderId, 'placed'));
    queueOn(this.unitOfWork, this.events, 'payment.succeeded', ShopOrderPush, ({ storeId, orderId }) => this.jobsOf(storeId, orderId, 'paid'));
  }

  /** One job per shop serving the store, named by the order and the event, so the same event queued twice runs once. */
  private async jobsOf(storeId: string, orderId: string, trigger: 'placed' | 'paid'): Promise<QueuedJob<ShopOrderPush>[]> {
    const connectors = this.extensions.list('shop');
    if (connectors.length === 0) return [];
    const store = this.sync.shopStore(await this.stores.get(storeId));
    return connectors
      .filter((connector) => this.sync.serves(connector, store))
      .map(({ code: connector }) => {
        const jobId = `shop-order-${idPart(connector)}-${orderId}-${trigger}`;
        return {
          key: { connector, orderId },
          extra: { storeId },
          jobId,
          add: () => this.jobs.add<ShopOrderJob>(QueueNames.shopOrders, { connector, storeId, orderId }, { jobId }),
        };
      });
  }

  async push(connector: ShopConnector, job: ShopOrderJob): Promise<void> {
    const order = await this.orders.get(job.storeId, job.orderId);
    const paysOnline = !(OFFLINE_PAYMENT_METHODS as readonly string[]).includes(order.paymentMethod);
    if (paysOnline && order.paymentStatus !== 'paid') return;
    const row = await this.row(job);
    if (row.status === ShopOrderPushStatus.pushed) return;
    if (!(await claimRow(this.unitOfWork, ShopOrderPush, row.id, CLAIM_MS))) {
      throw new RetryJobLaterError(`Another job is pushing this order to ${connector.code}`, CLAIM_WAIT_MS, false);
    }
    try {
      // Read under the claim: the job that held it may have pushed the order meanwhile.
      if ((await this.dataSource.getRepository(ShopOrderPush).findOneByOrFail({ id: row.id })).status === ShopOrderPushStatus.pushed) return;
      const store = await this.stores.get(job.storeId);
      const lines = await this.orders.lines([order.id]);
      const links = lines.length
        ? await this.dataSource.getRepository(ShopVariantLink).findBy({ storeId: job.storeId, connector: connector.code, variantId: In(lines.map((line) => line.variantId)) })
        : [];
      const { externalId } = await connector.pushOrder({
        storeId: store.id,
        storeSlug: store.slug,
        orderId: order.id,
        orderNumber: `#${order.number}`,
        placedAt: order.createdAt,
        lines: lines.map((line) => {
          const link = links.find((candidate) => candidate.variantId === line.variantId);
          return {
            sku: line.sku,
            name: line.variantLabel ? `${line.productName} (${line.variantLabel})` : line.productName,
            externalProductId: link?.externalProductId,
            externalVariantId: link?.externalVariantId,
            quantity: line.quantity,
            unitPrice: { amount: line.unitAmount, currency: order.currency },
          };
        }),
        total: { amount: order.totalAmount, currency: order.currency },
        paid: order.paymentStatus === 'paid',
        customer: { name: order.customerName ?? undefined, phone: order.customerPhone ?? undefined },
      });
      await this.unitOfWork.statement((manager) =>
        manager.update(ShopOrderPush, { id: row.id }, { externalId, status: ShopOrderPushStatus.pushed, lastError: null, pushedAt: new Date() }),
      );
    } finally {
      await releaseRow(this.unitOfWork, ShopOrderPush, row.id);
    }
  }

  /** Keeps a failure's reason; `final` when no retry follows. */
  async failed(job: ShopOrderJob, reason: string, final: boolean): Promise<void> {
    const row = await this.row(job);
    await this.unitOfWork.statement((manager) =>
      manager.update(ShopOrderPush, { id: row.id }, { status: final ? ShopOrderPushStatus.failed : ShopOrderPushStatus.pending, lastError: reason.slice(0, 500) }),
    );
  }

  /** The job `jobId` ran for the last time: its row needs no rescue unless a later job was queued for it. */
  settled(job: ShopOrderJob, jobId: string): Promise<void> {
    return markSettled(this.unitOfWork, ShopOrderPush, { connector: job.connector, orderId: job.orderId }, jobId);
  }

  private row(job: ShopOrderJob): Promise<ShopOrderPush> {
    return findOrInsert(this.dataSource, this.unitOfWork, ShopOrderPush, { connector: job.connector, orderId: job.orderId }, { storeId: job.storeId });
  }
}
