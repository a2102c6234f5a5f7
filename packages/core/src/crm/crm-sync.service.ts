import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type CrmConnector, type CrmContact, type CrmDealStage, type DomainEvents, type DomainEventType, ExtensionRegistry, JobQueue, RetryJobLaterError } from '@parley/plugin-sdk';
import { DataSource, IsNull } from 'typeorm';
import { Contact } from '../conversations/contact.entity';
import { ContactIdentity } from '../conversations/contact-identity.entity';
import { ConversationService } from '../conversations/conversation.service';
import { isPhoneNumber } from '../conversations/phone-number';
import { claimRow, findOrInsert, releaseRow } from '../database/row-claim';
import { UnitOfWork } from '../database/unit-of-work';
import { EventBusService } from '../events/event-bus.service';
import { QueueNames } from '../jobs/queue-names';
import { markSettled, type QueuedJob, QueuedRowRescue, queueOn } from '../jobs/queued-rows';
import type { Order } from '../orders/order.entity';
import { OrderService } from '../orders/order.service';
import { OrderStatus } from '../orders/order-status';
import type { Store } from '../stores/store.entity';
import { StoreService } from '../stores/store.service';
import type { CrmSyncJob } from './crm-sync.processor';
import { type CrmSubject, CrmSync, CrmSyncStatus } from './crm-sync.entity';

/** Moves of an order that settle the sale one way or the other: a CRM user expects the deal to close with them. */
const SETTLING_STATUSES = new Set<string>([OrderStatus.delivered, OrderStatus.picked_up, OrderStatus.cancelled, OrderStatus.rejected, OrderStatus.refunded]);

// A job that died holding a claim gives it up after this long; a job that finds it taken looks again a second later.
const CLAIM_MS = 2 * 60_000;
const CLAIM_WAIT_MS = 1_000;

export function dealStageOf(order: Pick<Order, 'status' | 'paymentStatus'>): CrmDealStage {
  if ([OrderStatus.cancelled, OrderStatus.rejected, OrderStatus.refunded].includes(order.status) || order.paymentStatus === 'refunded') return 'lost';
  if (order.paymentStatus === 'paid' || order.paymentStatus === 'partially_refunded') return 'won';
  return order.status === OrderStatus.delivered || order.status === OrderStatus.picked_up ? 'won' : 'open';
}

/** A sync an event calls for: of what, and on which event (named in the job id). */
interface CrmSyncWanted {
  storeId: string;
  subject: CrmSubject;
  subjectId: string;
  trigger: string;
}

/** BullMQ ids allow letters, digits, `-`, `_` and `.`: a connector code is kept to those. */
const idPart = (value: string) => value.replace(/[^A-Za-z0-9_.-]/g, '_');

/**
 * Mirrors contacts and orders into every CRM plugin that serves the store: a job per CRM on a contact's first
 * message, an order placed, paid, and delivered, picked up or called off. Each job upserts the contact, records the
 * order as the CRM's deal, and keeps the ids the CRM returned (per connector, in `crm_sync`).
 */
@Injectable()
export class CrmSyncService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventBusService,
    private readonly jobs: JobQueue,
    private readonly extensions: ExtensionRegistry,
    private readonly stores: StoreService,
    private readonly orders: OrderService,
    private readonly conversations: ConversationService,
    private readonly rescue: QueuedRowRescue,
  ) {}

  onModuleInit(): void {
    this.rescue.register({
      entity: CrmSync,
      requeue: (row) =>
        this.jobs.add<CrmSyncJob>(QueueNames.crmSync, { connector: row.connector, storeId: row.storeId, subject: row.subject, subjectId: row.subjectId }, { jobId: row.jobId! }),
    });
    const on = <E extends DomainEventType>(type: E, wanted: (payload: DomainEvents[E]) => CrmSyncWanted | null) =>
      queueOn(this.unitOfWork, this.events, type, CrmSync, async (payload) => {
        const sync = wanted(payload);
        return sync ? this.jobsOf(sync) : [];
      });
    on('contact.created', ({ storeId, contactId }) => ({ storeId, subject: 'contact', subjectId: contactId, trigger: 'created' }));
    on('order.placed', ({ storeId, orderId }) => ({ storeId, subject: 'order', subjectId: orderId, trigger: 'placed' }));
    on('payment.succeeded', ({ storeId, orderId }) => ({ storeId, subject: 'order', subjectId: orderId, trigger: 'paid' }));
    on('order.status_changed', ({ storeId, orderId, to }) => (SETTLING_STATUSES.has(to) ? { storeId, subject: 'order', subjectId: orderId, trigger: to } : null));
  }

  /**
   * One job per CRM serving the store. The job id names the event, so the same event queued twice runs once, while
   * each later event of an order (paid after placed) still gets its own job.
   */
  private async jobsOf({ storeId, subject, subjectId, trigger }: CrmSyncWanted): Promise<QueuedJob<CrmSync>[]> {
    const connectors = this.extensions.list('crm');
    if (connectors.length === 0) return [];
    const store = await this.stores.get(storeId);
    return connectors
      .filter((connector) => !connector.servesStore || connector.servesStore({ storeId, storeSlug: store.slug }))
      .map(({ code: connector }) => {
        const jobId = `crm-${idPart(connector)}-${subject}-${subjectId}-${idPart(trigger)}`;
        return {
          key: { connector, subject, subjectId },
          extra: this.newRow(storeId),
          jobId,
          add: () => this.jobs.add<CrmSyncJob>(QueueNames.crmSync, { connector, storeId, subject, subjectId }, { jobId }),
        };
      });
  }

  /** Creates or updates the contact in the CRM and keeps the id it answers, which it returns. */
  async syncContact(connector: CrmConnector, storeId: string, contactId: string): Promise<string> {
    const store = await this.stores.get(storeId);
    return this.claimed(connector.code, storeId, 'contact', contactId, async (row) => {
      const { crmId } = await connector.upsertContact(await this.crmContact(store, contactId, row.crmId));
      await this.synced(row, crmId);
      // `contact.crmId` mirrors the first CRM plugin's id (the first in the configuration); others live in crm_sync.
      if (this.extensions.list('crm')[0]?.code === connector.code) {
        await this.unitOfWork.statement((manager) => manager.update(Contact, { id: contactId }, { crmId }));
      }
      return crmId;
    });
  }

  /** Records the order as it stands now against its contact (synced first when new to this CRM). */
  async syncOrder(connector: CrmConnector, storeId: string, orderId: string): Promise<void> {
    const store = await this.stores.get(storeId);
    const chat = await this.conversations.chatOfOrder(storeId, orderId);
    // An order taken outside a chat (through the API) has no contact to record it against: nothing to keep of it.
    if (!chat) {
      await this.unitOfWork.statement((manager) => manager.delete(CrmSync, { connector: connector.code, subject: 'order', subjectId: orderId, crmId: IsNull() }));
      return;
    }
    const link = await this.dataSource.getRepository(CrmSync).findOneBy({ connector: connector.code, subject: 'contact', subjectId: chat.contact.id });
    const contactCrmId = link?.status === CrmSyncStatus.synced && link.crmId ? link.crmId : await this.syncContact(connector, storeId, chat.contact.id);
    await this.claimed(connector.code, storeId, 'order', orderId, async (row) => {
      // Read under the claim: a job that waited for it must not record a state older than the one recorded before.
      const order = await this.orders.get(storeId, orderId);
      const { crmId } = await connector.recordOrder({
        storeId,
        storeSlug: store.slug,
        orderId,
        orderNumber: `#${order.number}`,
        contact: { ...(await this.crmContact(store, chat.contact.id, contactCrmId)), crmId: contactCrmId },
        total: { amount: order.totalAmount, currency: order.currency },
        status: order.status,
        stage: dealStageOf(order),
        crmId: row.crmId ?? undefined,
      });
      await this.synced(row, crmId);
    });
  }

  /** Keeps a failure's reason; `final` when no retry follows. */
  async failed(job: CrmSyncJob, reason: string, final: boolean): Promise<void> {
    const row = await this.rowOf(job.connector, job.storeId, job.subject, job.subjectId);
    await this.unitOfWork.statement((manager) =>
      manager.update(CrmSync, { id: row.id }, { status: final ? CrmSyncStatus.failed : CrmSyncStatus.pending, lastError: reason.slice(0, 500) }),
    );
  }

  /** The job `jobId` ran for the last time: its row needs no rescue unless a later job was queued for it. */
  settled(job: CrmSyncJob, jobId: string): Promise<void> {
    return markSettled(this.unitOfWork, CrmSync, { connector: job.connector, subject: job.subject, subjectId: job.subjectId }, jobId);
  }

  private async crmContact(store: Store, contactId: string, crmId: string | null): Promise<CrmContact> {
    const contact = await this.dataSource.getRepository(Contact).findOneByOrFail({ id: contactId, storeId: store.id });
    const identities = await this.dataSource.getRepository(ContactIdentity).findBy({ contactId });
    // Only where the channel says its user ids are phone numbers (WhatsApp's: international format without `+`).
    const phoneChannels = new Set(this.extensions.list('channel').filter((adapter) => adapter.capabilities.channelUserIdIsPhone).map((adapter) => adapter.channel));
    const phone = identities.find((identity) => phoneChannels.has(identity.channel) && isPhoneNumber(identity.channelUserId))?.channelUserId;
    return {
      storeId: store.id,
      storeSlug: store.slug,
      contactId,
      name: contact.name ?? undefined,
      phone: phone && `+${phone.replace(/^\+/, '')}`,
      crmId: crmId ?? undefined,
    };
  }

  /**
   * Runs `work` while holding the subject's row for this CRM, so jobs of one order or contact take turns: two at once
   * would both find nothing in the CRM and both create. A job that finds it held waits, without using an attempt.
   */
  private async claimed<T>(connector: string, storeId: string, subject: CrmSubject, subjectId: string, work: (row: CrmSync) => Promise<T>): Promise<T> {
    const row = await this.rowOf(connector, storeId, subject, subjectId);
    if (!(await claimRow(this.unitOfWork, CrmSync, row.id, CLAIM_MS))) throw new RetryJobLaterError(`Another job is syncing this ${subject} to ${connector}`, CLAIM_WAIT_MS, false);
    try {
      return await work(await this.dataSource.getRepository(CrmSync).findOneByOrFail({ id: row.id }));
    } finally {
      await releaseRow(this.unitOfWork, CrmSync, row.id);
    }
  }

  private rowOf(connector: string, storeId: string, subject: CrmSubject, subjectId: string): Promise<CrmSync> {
    return findOrInsert(this.dataSource, this.unitOfWork, CrmSync, { connector, subject, subjectId }, this.newRow(storeId));
  }

  private newRow(storeId: string): Partial<CrmSync> {
    return { storeId, crmId: null, status: CrmSyncStatus.pending, lastError: null, syncedAt: null, claimedUntil: null };
  }

  private async synced(row: CrmSync, crmId: string): Promise<void> {
    await this.unitOfWork.statement((manager) =>
      manager.update(CrmSync, { id: row.id }, { crmId, status: CrmSyncStatus.synced, lastError: null, syncedAt: new Date() }),
    );
  }
}
