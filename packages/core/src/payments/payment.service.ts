import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  BadUserInputError,
  DomainError,
  ExtensionRegistry,
  type PaymentEvent,
  PaymentEvents,
  type PaymentProvider,
} from '@parley/plugin-sdk';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config.schema';
import { APP_CONFIG } from '../config/config.module';
import { isUniqueViolation } from '../database/unique-violation';
import { type Transaction, UnitOfWork } from '../database/unit-of-work';
import { Order } from '../orders/order.entity';
import { type Actor, ActorType } from '../orders/order-event.entity';
import { OrderLine } from '../orders/order-line.entity';
import { OFFLINE_PAYMENT_METHODS, OrderService } from '../orders/order.service';
import { OrderStatus } from '../orders/order-status';
import { Payment } from './payment.entity';
import { PaymentEventRecord } from './payment-event-record.entity';
import { Refund } from './refund.entity';

/** How long a payment link stays valid (providers allow 30 minutes to 24 hours). */
export const PAYMENT_LINK_LIFETIME_MS = 60 * 60_000;

const REFUNDABLE = new Set([OrderStatus.delivered, OrderStatus.picked_up, OrderStatus.cancelled, OrderStatus.rejected]);

/**
 * Payment links, provider webhooks and refunds. What a provider tells us is applied once per event (a unique row per
 * event id) and never backwards: a late "expired" can't undo a payment, a repeated "refunded" can't refund twice.
 */
@Injectable()
export class PaymentService extends PaymentEvents {
  private readonly logger = new Logger('Payments');

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly orders: OrderService,
    private readonly extensions: ExtensionRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  linksOf(orderId: string): Promise<Payment[]> {
    return this.dataSource.getRepository(Payment).find({ where: { orderId }, order: { createdAt: 'ASC' } });
  }

  refundsOf(orderId: string): Promise<Refund[]> {
    return this.dataSource.getRepository(Refund).find({ where: { orderId }, order: { createdAt: 'ASC' } });
  }

  /**
   * The order's payment link: the open one if there is one, else a new one (after an expiry, the order's stock is
   * taken again first). The provider call carries an idempotency key per attempt, so a retried request never opens two.
   */
  async createLink(storeId: string, orderId: string, actor: Actor, options: { customerToldElsewhere?: boolean } = {}): Promise<Payment> {
    const order = await this.orders.get(storeId, orderId);
    const provider = this.linkProvider(order);
    if (order.paymentStatus === 'paid' || order.paymentStatus === 'refunded' || order.paymentStatus === 'partially_refunded') {
      throw new DomainError('ALREADY_PAID', `Order #${order.number} is already paid`);
    }
    if (order.status !== OrderStatus.placed && order.status !== OrderStatus.awaiting_payment) {
      throw new DomainError('NOT_PAYABLE', `Order #${order.number} is ${order.status}: it can't be paid now`);
    }
    const links = await this.linksOf(order.id);
    const open = links.find((link) => (link.status === 'open' || link.status === 'pending') && link.expiresAt.getTime() > Date.now() + 60_000);
    if (open) return open;

    return this.unitOfWork.run(async (tx) => {
      const current = await tx.manager.findOneByOrFail(Order, { id: order.id });
      await this.orders.reserveStockAgain(tx, current);
      const lines = await tx.manager.findBy(OrderLine, { orderId: order.id });
      const tracking = `${this.config.publicUrl}/t/${order.publicCode}`;
      const link = await provider.createLink({
        storeId,
        orderId: order.id,
        orderNumber: `#${order.number}`,
        total: { amount: order.totalAmount, currency: order.currency },
        lineItems: lines.map((line) => ({
          name: [line.productName, line.variantLabel].filter(Boolean).join(' '),
          quantity: line.quantity,
          unitAmount: line.unitAmount,
        })),
        expiresAt: new Date(Date.now() + PAYMENT_LINK_LIFETIME_MS),
        successUrl: tracking,
        cancelUrl: tracking,
        idempotencyKey: `payment-link-${order.id}-${links.length + 1}`,
      });
      const payment = await tx.manager.save(
        tx.manager.create(Payment, {
          storeId,
          orderId: order.id,
          provider: provider.code,
          providerReference: link.providerReference,
          url: link.url,
          status: 'open',
          amount: order.totalAmount,
          currency: order.currency,
          expiresAt: link.expiresAt,
        }),
      );
      if (current.status === OrderStatus.placed) await this.orders.transitionIn(tx, current, OrderStatus.awaiting_payment, actor, null);
      tx.publish('payment.link_created', { storeId, orderId: order.id, provider: provider.code, url: link.url, expiresAt: link.expiresAt.toISOString(), notifyCustomer: !options.customerToldElsewhere });
      return payment;
    });
  }

  /** Applies verified provider events, each exactly once however often and in whatever order they arrive. */
  async receive(provider: string, events: PaymentEvent[]): Promise<void> {
    for (const event of events) {
      try {
        await this.unitOfWork.run(async (tx) => {
          const payment = await this.paymentOf(tx, provider, event);
          const order = payment
            ? await tx.manager.findOneBy(Order, { id: payment.orderId })
            : event.orderId
              ? await tx.manager.findOneBy(Order, { id: event.orderId })
              : null;
          await tx.manager.insert(PaymentEventRecord, { provider, eventId: event.eventId, kind: event.kind, orderId: order?.id ?? null });
          if (!order) {
            this.logger.warn(`A ${provider} ${event.kind} event matches no order of ours; recorded and ignored`);
            return;
          }
          await this.apply(tx, provider, event, order, payment);
        });
      } catch (error) {
        if (isUniqueViolation(error)) continue; // delivered before (or at this very moment): already applied once
        throw error;
      }
    }
  }

  /** Gives money back, whole or in part, through the provider that took it (or records a cash refund). */
  async refund(storeId: string, orderId: string, amount: number, reason: string | null, actor: Actor): Promise<Order> {
    const order = await this.orders.get(storeId, orderId);
    const refundable = order.totalAmount - order.refundedAmount;
    if (!Number.isInteger(amount) || amount <= 0) throw new BadUserInputError('A refund is a positive whole number of minor units');
    if (amount > refundable) {
      throw new DomainError('REFUND_TOO_LARGE', `At most ${refundable} can still be refunded on order #${order.number}`, { refundable });
    }
    const online = !(OFFLINE_PAYMENT_METHODS as readonly string[]).includes(order.paymentMethod);
    let providerRefundId: string | null = null;
    if (online) {
      if (order.paymentStatus !== 'paid' && order.paymentStatus !== 'partially_refunded') {
        throw new DomainError('NOT_PAID', `Order #${order.number} was not paid online: nothing to refund through ${order.paymentMethod}`);
      }
      const paid = (await this.linksOf(order.id)).find((link) => link.status === 'paid');
      if (!paid) throw new DomainError('NOT_PAID', `Order #${order.number} has no paid payment link`);
      const result = await this.linkProvider(order).refund({
        providerReference: paid.providerReference,
        amount: { amount, currency: order.currency },
        idempotencyKey: `refund-${order.id}-${order.refundedAmount}-${amount}`,
      });
      providerRefundId = result.refundId;
    }
    return this.unitOfWork.run(async (tx) => {
      const current = await tx.manager.findOneByOrFail(Order, { id: order.id });
      await tx.manager.save(
        tx.manager.create(Refund, { orderId: order.id, amount, method: order.paymentMethod, providerRefundId, reason, requestedBy: actor.id }),
      );
      return this.recordRefunded(tx, current, current.refundedAmount + amount, actor);
    });
  }

  private linkProvider(order: Order): PaymentProvider {
    if ((OFFLINE_PAYMENT_METHODS as readonly string[]).includes(order.paymentMethod)) {
      throw new DomainError('NO_PAYMENT_LINK', `Order #${order.number} is paid ${order.paymentMethod === 'cash' ? 'in cash on delivery' : 'at pickup'}`);
    }
    const provider = this.extensions.get('payment', order.paymentMethod);
    if (!provider.usesLinks) throw new DomainError('NO_PAYMENT_LINK', `${provider.code} does not use payment links`);
    return provider;
  }

  private async paymentOf(tx: Transaction, provider: string, event: PaymentEvent): Promise<Payment | null> {
    const byReference = await tx.manager.findOneBy(Payment, { provider, providerReference: event.providerReference });
    if (byReference || !event.orderId) return byReference;
    // Refund events name the provider's payment, not our link: find the order's paid link.
    return tx.manager.findOne(Payment, { where: { provider, orderId: event.orderId }, order: { createdAt: 'DESC' } });
  }

  private async apply(tx: Transaction, provider: string, event: PaymentEvent, order: Order, payment: Payment | null): Promise<void> {
    const actor: Actor = { type: ActorType.plugin, id: provider };
    const setPayment = (status: Payment['status']) => (payment ? tx.manager.update(Payment, { id: payment.id }, { status }) : undefined);
    const setOrder = (change: Partial<Pick<Order, 'paymentStatus' | 'refundedAmount'>>) =>
      tx.manager.update(Order, { id: order.id }, { ...change, version: order.version + 1 });
    switch (event.kind) {
      case 'succeeded':
        await setPayment('paid');
        if (order.paymentStatus === 'paid' || order.refundedAmount > 0) return;
        await setOrder({ paymentStatus: 'paid' });
        // Paid after its link had expired and its stock had gone back: take it again (a sold-out now is staff's call).
        await this.orders.reserveStockAgain(tx, order).catch((error: Error) => this.logger.warn(`Order #${order.number} paid late: ${error.message}`));
        await this.orders.note(tx, order, actor, `payment received (${provider})`);
        tx.publish('payment.succeeded', { storeId: order.storeId, orderId: order.id, provider, amount: order.totalAmount, currency: order.currency });
        return;
      case 'pending':
        // Only news for a link still open: a "pending" overtaken by that link's own failure or payment is old news.
        if (payment?.status !== 'open') return;
        await setPayment('pending');
        if (order.paymentStatus === 'unpaid' || order.paymentStatus === 'failed') await setOrder({ paymentStatus: 'pending' });
        return;
      case 'failed':
        if (payment && payment.status !== 'paid') await setPayment('failed');
        if (order.paymentStatus === 'paid' || order.refundedAmount > 0) return;
        await setOrder({ paymentStatus: 'failed' });
        await this.orders.note(tx, order, actor, `payment failed (${provider})`);
        tx.publish('payment.failed', { storeId: order.storeId, orderId: order.id, provider });
        return;
      case 'expired':
        if (!payment || payment.status === 'paid') return;
        await setPayment('expired');
        if (order.paymentStatus !== 'paid' && order.status === OrderStatus.awaiting_payment) {
          await this.orders.releaseStock(tx, order);
          await this.orders.note(tx, order, actor, 'payment link expired: stock released, a new link can be sent');
          tx.publish('payment.expired', { storeId: order.storeId, orderId: order.id, provider });
        }
        return;
      case 'refunded':
        // Providers report the running total refunded: never less than what we already know.
        if (event.amount && event.amount.amount > order.refundedAmount) await this.recordRefunded(tx, order, event.amount.amount, actor);
        return;
    }
  }

  private async recordRefunded(tx: Transaction, order: Order, totalRefunded: number, actor: Actor): Promise<Order> {
    const full = totalRefunded >= order.totalAmount;
    await tx.manager.update(Order, { id: order.id }, {
      refundedAmount: totalRefunded,
      paymentStatus: full ? 'refunded' : 'partially_refunded',
      version: order.version + 1,
    });
    const updated = await tx.manager.findOneByOrFail(Order, { id: order.id });
    await this.orders.note(tx, updated, actor, `refunded ${totalRefunded - order.refundedAmount} (${totalRefunded} in all)`);
    tx.publish('order.refunded', { storeId: order.storeId, orderId: order.id, amount: totalRefunded - order.refundedAmount, totalRefunded, currency: order.currency });
    if (full && REFUNDABLE.has(updated.status)) return this.orders.transitionIn(tx, updated, OrderStatus.refunded, actor, null);
    return updated;
  }
}
