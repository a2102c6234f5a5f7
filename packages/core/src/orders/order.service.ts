import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { BadUserInputError, DomainError, ExtensionRegistry, NotFoundError } from '@parley/plugin-sdk';
import { Brackets, DataSource, type EntityManager, In } from 'typeorm';
import { Variant } from '../catalog/variant.entity';
import { isId } from '../database/ids';
import { type Transaction, UnitOfWork } from '../database/unit-of-work';
import { type Connection, type PageArgs, paginate } from '../graphql/pagination';
import { isStoreOpen } from '../stores/opening-hours';
import { Store, WhenClosed } from '../stores/store.entity';
import { Cart, type Fulfilment } from './cart.entity';
import { CartService } from './cart.service';
import { Order } from './order.entity';
import { type Actor, OrderEvent } from './order-event.entity';
import { OrderLine } from './order-line.entity';
import { IllegalTransitionError, OrderConflictError, OrderStatus, RELEASES_STOCK, TRANSITIONS } from './order-status';
import { BelowMinimumOrderError, CartClosedError, OutsideDeliveryZoneError, PriceChangedError, SoldOutError } from './orders.errors';

/** Payment methods the core settles itself; anything else must be a registered payment plugin. */
export const OFFLINE_PAYMENT_METHODS = ['cash', 'pay_at_pickup'] as const;

export interface OrderFilter {
  status?: OrderStatus | null;
  channel?: string | null;
  customerRef?: string | null;
  placedAfter?: Date | null;
  placedBefore?: Date | null;
}

// Crockford-style alphabet without look-alikes: codes are read aloud and typed from receipts.
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

function publicCode(): string {
  return [...randomBytes(12)].map((byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length]).join('');
}

/**
 * Orders: placing a cart (stock reserved in the same transaction, so it is never oversold) and moving an order
 * through its lifecycle, every move validated by the state machine, recorded in the timeline with who made it,
 * and guarded by the order's version so two people acting at once get one success and one clear conflict.
 */
@Injectable()
export class OrderService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly carts: CartService,
    private readonly extensions: ExtensionRegistry,
  ) {}

  async place(storeId: string, cartId: string, paymentMethod: string, actor: Actor): Promise<Order> {
    this.assertPaymentMethod(paymentMethod);
    return this.unitOfWork.run(async (tx) => {
      const cart = isId(cartId) ? await tx.manager.findOneBy(Cart, { id: cartId, storeId }) : null;
      if (!cart) throw new NotFoundError('Cart', cartId);
      if (cart.orderId) throw new CartClosedError();
      if (cart.lines.length === 0) throw new DomainError('EMPTY_CART', 'The cart is empty');
      if (!cart.fulfilment) throw new DomainError('FULFILMENT_REQUIRED', 'Choose delivery (with an address) or pickup first');
      if (paymentMethod === 'cash' && cart.fulfilment.type !== 'delivery') {
        throw new BadUserInputError('Cash is paid on delivery: for pickup, use pay_at_pickup');
      }
      if (paymentMethod === 'pay_at_pickup' && cart.fulfilment.type !== 'pickup') {
        throw new BadUserInputError('pay_at_pickup is for pickup orders');
      }

      const priced = await this.carts.price(tx.manager, cart);
      if (!isStoreOpen(priced.store, new Date()) && !this.isPreorder(priced.store, cart.fulfilment)) {
        throw new DomainError('STORE_CLOSED', `${priced.store.name} is not taking orders right now`);
      }
      const unavailable = priced.lines.find((line) => !line.available);
      if (unavailable) throw new SoldOutError(unavailable.variant.sku);
      const changed = priced.lines.filter((line) => line.priceChanged);
      if (changed.length) {
        throw new PriceChangedError(changed.map((line) => ({ sku: line.variant.sku, seen: line.line.seenUnitAmount, now: line.unitAmount })));
      }
      if (cart.fulfilment.type === 'delivery') {
        if (!priced.zone) throw new OutsideDeliveryZoneError();
        if (priced.subtotalAmount < priced.zone.minimumOrderAmount) {
          throw new BelowMinimumOrderError(priced.zone.minimumOrderAmount, priced.subtotalAmount, priced.currency);
        }
      }

      const reserved = await this.reserveStock(tx, storeId, priced.lines.map((line) => ({ variant: line.variant, quantity: line.line.quantity })));
      const number = await this.nextNumber(tx.manager, storeId);
      const order = await tx.manager.save(
        tx.manager.create(Order, {
          storeId,
          number,
          publicCode: publicCode(),
          status: OrderStatus.placed,
          version: 1,
          customerRef: cart.customerRef,
          customerName: cart.customerName,
          customerPhone: cart.customerPhone,
          channel: cart.channel,
          fulfilment: cart.fulfilment,
          subtotalAmount: priced.subtotalAmount,
          deliveryFeeAmount: priced.deliveryFeeAmount,
          taxAmount: priced.taxAmount,
          tipAmount: priced.tipAmount,
          totalAmount: priced.totalAmount,
          refundedAmount: 0,
          currency: priced.currency,
          paymentMethod,
          paymentStatus: 'unpaid',
          statusReason: null,
        }),
      );
      await tx.manager.save(
        priced.lines.map((line) =>
          tx.manager.create(OrderLine, {
            orderId: order.id,
            variantId: line.variant.id,
            sku: line.variant.sku,
            productName: line.product.name,
            variantLabel: Object.values(line.variant.options).join(' '),
            modifiers: line.modifiers.map((modifier) => ({ id: modifier.id, name: modifier.name, priceDeltaAmount: modifier.priceDeltaAmount })),
            quantity: line.line.quantity,
            unitAmount: line.unitAmount,
            lineAmount: line.lineAmount,
            currency: priced.currency,
            note: line.line.note,
            stockReserved: reserved.has(line.variant.id),
          }),
        ),
      );
      await this.record(tx.manager, order, null, OrderStatus.placed, actor, null);
      cart.orderId = order.id;
      await tx.manager.save(cart);
      tx.publish('order.placed', {
        storeId,
        orderId: order.id,
        number: order.number,
        totalAmount: order.totalAmount,
        currency: order.currency,
        customerRef: order.customerRef,
        placedBy: actor.type,
      });
      return order;
    });
  }

  /** Moves an order to `to`. With `expectedVersion`, refuses if anyone changed the order since the caller read it. */
  transition(storeId: string, orderId: string, to: OrderStatus, actor: Actor, options: { expectedVersion?: number | null; reason?: string | null } = {}) {
    return this.unitOfWork.run(async (tx) => {
      const order = await this.owned(tx.manager, storeId, orderId);
      if (options.expectedVersion != null && options.expectedVersion !== order.version) {
        throw new OrderConflictError(options.expectedVersion, order.version);
      }
      return this.transitionIn(tx, order, to, actor, options.reason?.trim() || null);
    });
  }

  /**
   * The transition itself, inside the caller's transaction (payments move orders too): validated, applied only if
   * the order is still at the version read, stock released where the new state says so, recorded, announced.
   */
  async transitionIn(tx: Transaction, order: Order, to: OrderStatus, actor: Actor, reason: string | null): Promise<Order> {
    this.assertTransition(order, to, reason);
    const result = await tx.manager
      .createQueryBuilder()
      .update(Order)
      .set({ status: to, version: () => 'version + 1', statusReason: reason ?? order.statusReason })
      .where('id = :id AND version = :version', { id: order.id, version: order.version })
      .execute();
    // Someone else's change committed between our read and this update.
    if (result.affected !== 1) throw new OrderConflictError(order.version, order.version + 1);
    if (RELEASES_STOCK.has(to)) await this.releaseStock(tx, order);
    await this.record(tx.manager, order, order.status, to, actor, reason);
    tx.publish('order.status_changed', { storeId: order.storeId, orderId: order.id, number: order.number, from: order.status, to, reason });
    return tx.manager.findOneByOrFail(Order, { id: order.id });
  }

  /** Records something that happened to an order without changing its state (a payment, a refund) in its timeline. */
  async note(tx: Transaction, order: Order, actor: Actor, reason: string): Promise<void> {
    await this.record(tx.manager, order, order.status, order.status, actor, reason);
  }

  async get(storeId: string, orderId: string): Promise<Order> {
    return this.owned(this.dataSource.manager, storeId, orderId);
  }

  async byPublicCode(code: string): Promise<Order> {
    const order = await this.dataSource.getRepository(Order).findOneBy({ publicCode: code.trim().toUpperCase() });
    if (!order) throw new NotFoundError('Order');
    return order;
  }

  list(storeId: string, filter: OrderFilter, page: PageArgs): Promise<Connection<Order>> {
    const query = this.dataSource.getRepository(Order).createQueryBuilder('order').where('order.storeId = :storeId', { storeId });
    if (filter.status) query.andWhere('order.status = :status', { status: filter.status });
    if (filter.channel) query.andWhere('order.channel = :channel', { channel: filter.channel });
    if (filter.customerRef) query.andWhere('order.customerRef = :customerRef', { customerRef: filter.customerRef });
    if (filter.placedAfter || filter.placedBefore) {
      query.andWhere(
        new Brackets((where) => {
          if (filter.placedAfter) where.andWhere('order.createdAt >= :after', { after: filter.placedAfter });
          if (filter.placedBefore) where.andWhere('order.createdAt < :before', { before: filter.placedBefore });
        }),
      );
    }
    return paginate(query, page);
  }

  lines(orderIds: string[]): Promise<OrderLine[]> {
    return orderIds.length ? this.dataSource.getRepository(OrderLine).find({ where: { orderId: In(orderIds) } }) : Promise.resolve([]);
  }

  timeline(orderIds: string[]): Promise<OrderEvent[]> {
    return orderIds.length
      ? this.dataSource.getRepository(OrderEvent).find({ where: { orderId: In(orderIds) }, order: { createdAt: 'ASC' } })
      : Promise.resolve([]);
  }

  // A pickup time was checked to fall within opening hours when it was set; a store that takes pre-orders accepts it.
  private isPreorder(store: Store, fulfilment: Fulfilment): boolean {
    return store.whenClosed === WhenClosed.preorder && fulfilment.type === 'pickup' && !!fulfilment.pickupAt && isStoreOpen(store, new Date(fulfilment.pickupAt));
  }

  private assertPaymentMethod(method: string): void {
    if ((OFFLINE_PAYMENT_METHODS as readonly string[]).includes(method)) return;
    if (!this.extensions.list('payment').some((provider) => provider.code === method)) {
      throw new DomainError('UNKNOWN_PAYMENT_METHOD', `"${method}" is not a payment method of this installation`);
    }
  }

  private assertTransition(order: Order, to: OrderStatus, reason: string | null): void {
    if (!TRANSITIONS[order.status].includes(to)) throw new IllegalTransitionError(order.status, to);
    if ((to === OrderStatus.cancelled || to === OrderStatus.rejected) && !reason) {
      throw new BadUserInputError(`Say why the order is ${to}: the customer is told`);
    }
    if (to === OrderStatus.out_for_delivery && order.fulfilment.type !== 'delivery') {
      throw new IllegalTransitionError(order.status, to, 'it is a pickup order');
    }
    if (to === OrderStatus.picked_up && order.fulfilment.type !== 'pickup') {
      throw new IllegalTransitionError(order.status, to, 'it is a delivery order');
    }
    const paysOnline = !(OFFLINE_PAYMENT_METHODS as readonly string[]).includes(order.paymentMethod);
    if (to === OrderStatus.confirmed && paysOnline && order.paymentStatus !== 'paid') {
      throw new IllegalTransitionError(order.status, to, 'it is not paid yet');
    }
  }

  private async owned(manager: EntityManager, storeId: string, orderId: string): Promise<Order> {
    const order = isId(orderId) ? await manager.findOneBy(Order, { id: orderId, storeId }) : null;
    if (!order) throw new NotFoundError('Order', orderId);
    return order;
  }

  private async record(manager: EntityManager, order: Order, from: OrderStatus | null, to: OrderStatus, actor: Actor, reason: string | null) {
    await manager.save(manager.create(OrderEvent, { orderId: order.id, fromStatus: from, toStatus: to, actorType: actor.type, actorId: actor.id, reason }));
  }

  /**
   * Takes the quantities off stock with conditional updates (`... AND stockOnHand >= q`), in a fixed order so
   * concurrent checkouts never deadlock: of 50 racing for 10, exactly 10 succeed. Returns the variants reserved.
   */
  private async reserveStock(tx: Transaction, storeId: string, wanted: { variant: Variant; quantity: number }[]): Promise<Set<string>> {
    const byVariant = new Map<string, { variant: Variant; quantity: number }>();
    for (const { variant, quantity } of wanted) {
      if (!variant.trackStock) continue;
      const entry = byVariant.get(variant.id) ?? { variant, quantity: 0 };
      entry.quantity += quantity;
      byVariant.set(variant.id, entry);
    }
    let soldOutNow = false;
    for (const { variant, quantity } of [...byVariant.values()].sort((a, b) => a.variant.id.localeCompare(b.variant.id))) {
      const result = await tx.manager
        .createQueryBuilder()
        .update(Variant)
        .set({ stockOnHand: () => `"stockOnHand" - ${quantity}` })
        .where('id = :id AND "stockOnHand" >= :quantity', { id: variant.id, quantity })
        .execute();
      if (result.affected !== 1) {
        const current = await tx.manager.findOneByOrFail(Variant, { id: variant.id });
        throw new SoldOutError(variant.sku, current.stockOnHand > 0 ? current.stockOnHand : undefined);
      }
      soldOutNow ||= (await tx.manager.findOneByOrFail(Variant, { id: variant.id })).stockOnHand === 0;
    }
    if (soldOutNow) await this.catalogChanged(tx, storeId);
    return new Set(byVariant.keys());
  }

  /** Gives back the stock an order holds (cancelled, rejected, or its payment link expired). */
  async releaseStock(tx: Transaction, order: Order): Promise<void> {
    const lines = await tx.manager.findBy(OrderLine, { orderId: order.id, stockReserved: true });
    let backInStock = false;
    for (const line of lines) {
      const before = await tx.manager.findOneBy(Variant, { id: line.variantId });
      if (!before) continue;
      await tx.manager.increment(Variant, { id: line.variantId }, 'stockOnHand', line.quantity);
      await tx.manager.update(OrderLine, { id: line.id }, { stockReserved: false });
      backInStock ||= before.stockOnHand === 0;
    }
    if (backInStock) await this.catalogChanged(tx, order.storeId);
  }

  /** Takes stock again for an order that gave it back when its payment link expired, before a new link. */
  async reserveStockAgain(tx: Transaction, order: Order): Promise<void> {
    const lines = await tx.manager.findBy(OrderLine, { orderId: order.id, stockReserved: false });
    if (lines.length === 0) return;
    const variants = await tx.manager.findBy(Variant, { id: In(lines.map((line) => line.variantId)) });
    const reserved = await this.reserveStock(
      tx,
      order.storeId,
      lines.flatMap((line) => {
        const variant = variants.find((candidate) => candidate.id === line.variantId);
        return variant ? [{ variant, quantity: line.quantity }] : [];
      }),
    );
    for (const line of lines) if (reserved.has(line.variantId)) await tx.manager.update(OrderLine, { id: line.id }, { stockReserved: true });
  }

  // Stock reaching or leaving zero changes what the menu shows.
  private async catalogChanged(tx: Transaction, storeId: string): Promise<void> {
    await tx.manager.increment(Store, { id: storeId }, 'catalogVersion', 1);
    tx.publish('catalog.changed', { storeId });
  }

  private async nextNumber(manager: EntityManager, storeId: string): Promise<number> {
    await manager.increment(Store, { id: storeId }, 'nextOrderNumber', 1);
    const store = await manager.findOneByOrFail(Store, { id: storeId });
    return store.nextOrderNumber - 1;
  }
}
