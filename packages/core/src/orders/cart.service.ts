import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { BadUserInputError, DomainError, NotFoundError } from '@parley/plugin-sdk';
import { DataSource, type EntityManager, In } from 'typeorm';
import { Modifier } from '../catalog/modifier.entity';
import { ModifierGroup } from '../catalog/modifier-group.entity';
import { Product, ProductStatus } from '../catalog/product.entity';
import { Variant } from '../catalog/variant.entity';
import { isId } from '../database/ids';
import { UnitOfWork } from '../database/unit-of-work';
import { isStoreOpen } from '../stores/opening-hours';
import { Store, TaxMode } from '../stores/store.entity';
import { Cart, type CartLineData, type Fulfilment } from './cart.entity';
import { DeliveryZone } from './delivery-zone.entity';
import { zoneFor } from './delivery-zones';
import { CartClosedError, InvalidModifiersError, OutsideDeliveryZoneError } from './orders.errors';

export interface PricedLine {
  line: CartLineData;
  variant: Variant;
  product: Product;
  modifiers: Modifier[];
  unitAmount: number;
  lineAmount: number;
  priceChanged: boolean;
  available: boolean;
}

export interface PricedCart {
  cart: Cart;
  store: Store;
  lines: PricedLine[];
  subtotalAmount: number;
  deliveryFeeAmount: number;
  taxAmount: number;
  tipAmount: number;
  totalAmount: number;
  currency: string;
  zone: DeliveryZone | null;
}

export interface AddLineInput {
  variantId?: string | null;
  sku?: string | null;
  quantity: number;
  modifierIds?: string[] | null;
  note?: string | null;
}

const MAX_QUANTITY = 99;

/**
 * Carts and their totals. Totals are computed here, from current prices, every time: lines with their modifiers,
 * the delivery zone's fee, tax per the store's mode, the tip; all integer minor units.
 */
@Injectable()
export class CartService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async create(
    storeId: string,
    input: { customerRef: string; customerName?: string | null; customerPhone?: string | null; channel?: string | null },
  ): Promise<Cart> {
    const customerRef = input.customerRef.trim();
    if (!customerRef) throw new BadUserInputError('A cart needs a customerRef: whose cart it is');
    return this.unitOfWork.run((tx) =>
      tx.manager.save(
        tx.manager.create(Cart, {
          storeId,
          customerRef,
          customerName: input.customerName?.trim() || null,
          customerPhone: input.customerPhone?.trim() || null,
          channel: input.channel?.trim().toLowerCase() || 'api',
          lines: [],
          fulfilment: null,
          tipAmount: 0,
          orderId: null,
        }),
      ),
    );
  }

  async get(storeId: string, cartId: string): Promise<PricedCart> {
    const cart = isId(cartId) ? await this.dataSource.getRepository(Cart).findOneBy({ id: cartId, storeId }) : null;
    if (!cart) throw new NotFoundError('Cart', cartId);
    return this.price(this.dataSource.manager, cart);
  }

  addLine(storeId: string, cartId: string, input: AddLineInput): Promise<PricedCart> {
    return this.change(storeId, cartId, async (manager, cart) => {
      const quantity = this.quantity(input.quantity);
      const variant = await this.variantFor(manager, storeId, input);
      const modifierIds = [...new Set(input.modifierIds ?? [])].sort();
      const note = input.note?.trim() || null;
      const same = cart.lines.find(
        (line) => line.variantId === variant.id && line.note === note && line.modifierIds.join() === modifierIds.join(),
      );
      const line: CartLineData = same ?? { id: randomUUID(), variantId: variant.id, quantity: 0, modifierIds, note, seenUnitAmount: 0 };
      line.quantity = this.quantity(line.quantity + quantity);
      if (!same) cart.lines.push(line);
      const priced = await this.price(manager, cart);
      const pricedLine = priced.lines.find((candidate) => candidate.line.id === line.id)!;
      this.assertModifiers(pricedLine, await this.groupsOf(manager, pricedLine.product.id));
      line.seenUnitAmount = pricedLine.unitAmount;
    });
  }

  updateLine(storeId: string, cartId: string, lineId: string, input: { quantity?: number | null; note?: string | null }) {
    return this.change(storeId, cartId, async (_manager, cart) => {
      const line = cart.lines.find((candidate) => candidate.id === lineId);
      if (!line) throw new NotFoundError('Cart line', lineId);
      if (input.quantity === 0) cart.lines = cart.lines.filter((candidate) => candidate.id !== lineId);
      else if (input.quantity != null) line.quantity = this.quantity(input.quantity);
      if (input.note !== undefined) line.note = input.note?.trim() || null;
    });
  }

  removeLine(storeId: string, cartId: string, lineId: string) {
    return this.updateLine(storeId, cartId, lineId, { quantity: 0 });
  }

  setFulfilment(storeId: string, cartId: string, fulfilment: Fulfilment): Promise<PricedCart> {
    return this.change(storeId, cartId, async (manager, cart) => {
      if (fulfilment.type === 'delivery') {
        if (!fulfilment.address?.trim()) throw new BadUserInputError('A delivery needs an address');
        const store = await manager.findOneByOrFail(Store, { id: storeId });
        const zones = await manager.findBy(DeliveryZone, { storeId });
        if (!zoneFor(store, zones, fulfilment)) throw new OutsideDeliveryZoneError();
      }
      if (fulfilment.type === 'pickup' && fulfilment.pickupAt) {
        const store = await manager.findOneByOrFail(Store, { id: storeId });
        fulfilment = { type: 'pickup', pickupAt: this.pickupTime(store, fulfilment.pickupAt) };
      }
      cart.fulfilment = fulfilment;
    });
  }

  /** A pickup time is a moment in the coming week when the store is open. */
  private pickupTime(store: Store, pickupAt: string): string {
    const at = new Date(pickupAt);
    if (Number.isNaN(at.getTime())) throw new DomainError('PICKUP_TIME_INVALID', `"${pickupAt}" is not a date and time such as 2026-11-23T19:30:00Z`);
    if (at.getTime() < Date.now() - 60_000 || at.getTime() > Date.now() + 7 * 24 * 3600_000) {
      throw new DomainError('PICKUP_TIME_INVALID', 'A pickup time is between now and a week from now');
    }
    if (!isStoreOpen(store, at)) {
      throw new DomainError('PICKUP_TIME_INVALID', `${store.name} is closed at that time`);
    }
    return at.toISOString();
  }

  setTip(storeId: string, cartId: string, amount: number): Promise<PricedCart> {
    return this.change(storeId, cartId, async (_manager, cart) => {
      if (!Number.isInteger(amount) || amount < 0) throw new BadUserInputError('A tip is a whole, non-negative number of minor units');
      cart.tipAmount = amount;
    });
  }

  /** The customer has seen the current prices: what they confirm next is what they will pay. */
  acknowledgePrices(storeId: string, cartId: string): Promise<PricedCart> {
    return this.change(storeId, cartId, async (manager, cart) => {
      const priced = await this.price(manager, cart);
      for (const line of priced.lines) line.line.seenUnitAmount = line.unitAmount;
    });
  }

  /** Prices a cart from the catalog as it is now. Used for display and, inside the order's transaction, to place it. */
  async price(manager: EntityManager, cart: Cart): Promise<PricedCart> {
    const store = await manager.findOneByOrFail(Store, { id: cart.storeId });
    const variantIds = [...new Set(cart.lines.map((line) => line.variantId))];
    const modifierIds = [...new Set(cart.lines.flatMap((line) => line.modifierIds))];
    const variants = variantIds.length ? await manager.findBy(Variant, { id: In(variantIds), storeId: cart.storeId }) : [];
    const products = variants.length ? await manager.findBy(Product, { id: In([...new Set(variants.map((v) => v.productId))]) }) : [];
    const modifiers = modifierIds.length ? await manager.findBy(Modifier, { id: In(modifierIds), storeId: cart.storeId }) : [];
    const lines: PricedLine[] = [];
    for (const line of cart.lines) {
      const variant = variants.find((candidate) => candidate.id === line.variantId);
      const product = variant && products.find((candidate) => candidate.id === variant.productId);
      if (!variant || !product) continue; // deleted from the catalog: the line simply goes
      const chosen = line.modifierIds.map((id) => modifiers.find((modifier) => modifier.id === id)).filter((m): m is Modifier => !!m);
      const unitAmount = variant.priceAmount + chosen.reduce((sum, modifier) => sum + modifier.priceDeltaAmount, 0);
      lines.push({
        line,
        variant,
        product,
        modifiers: chosen,
        unitAmount,
        lineAmount: unitAmount * line.quantity,
        priceChanged: line.seenUnitAmount !== unitAmount,
        available:
          variant.available &&
          product.status === ProductStatus.active &&
          chosen.length === line.modifierIds.length &&
          chosen.every((modifier) => modifier.available && !modifier.archivedAt),
      });
    }
    const subtotalAmount = lines.reduce((sum, line) => sum + line.lineAmount, 0);
    const zone =
      cart.fulfilment?.type === 'delivery' ? zoneFor(store, await manager.findBy(DeliveryZone, { storeId: cart.storeId }), cart.fulfilment) : null;
    const deliveryFeeAmount = zone?.feeAmount ?? 0;
    const taxable = subtotalAmount + deliveryFeeAmount;
    const rate = store.taxRateBasisPoints;
    // Inclusive: the tax is the part of the price that is tax. Exclusive: it comes on top. Tips are never taxed.
    const taxAmount =
      store.taxMode === TaxMode.inclusive ? Math.round((taxable * rate) / (10_000 + rate)) : Math.round((taxable * rate) / 10_000);
    const totalAmount = taxable + (store.taxMode === TaxMode.exclusive ? taxAmount : 0) + cart.tipAmount;
    return {
      cart,
      store,
      lines,
      subtotalAmount,
      deliveryFeeAmount,
      taxAmount,
      tipAmount: cart.tipAmount,
      totalAmount,
      currency: store.currency,
      zone,
    };
  }

  private async change(storeId: string, cartId: string, work: (manager: EntityManager, cart: Cart) => Promise<void>): Promise<PricedCart> {
    const cart = await this.unitOfWork.run(async (tx) => {
      const found = isId(cartId) ? await tx.manager.findOneBy(Cart, { id: cartId, storeId }) : null;
      if (!found) throw new NotFoundError('Cart', cartId);
      if (found.orderId) throw new CartClosedError();
      await work(tx.manager, found);
      return tx.manager.save(found);
    });
    return this.price(this.dataSource.manager, cart);
  }

  private quantity(quantity: number): number {
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
      throw new BadUserInputError(`A quantity is a whole number from 1 to ${MAX_QUANTITY}`);
    }
    return quantity;
  }

  private async variantFor(manager: EntityManager, storeId: string, input: AddLineInput): Promise<Variant> {
    const where = input.variantId ? (isId(input.variantId) ? { id: input.variantId, storeId } : null) : input.sku ? { sku: input.sku.trim(), storeId } : null;
    if (!input.variantId && !input.sku) throw new BadUserInputError('Give the variantId or the sku of what to add');
    const variant = where ? await manager.findOneBy(Variant, where) : null;
    if (!variant || variant.archivedAt) throw new NotFoundError('Variant', input.variantId ?? input.sku ?? '');
    return variant;
  }

  private async groupsOf(manager: EntityManager, productId: string): Promise<ModifierGroup[]> {
    const product = await manager.findOne(Product, { where: { id: productId }, relations: { modifierGroups: true } });
    return (product?.modifierGroups ?? []).filter((group) => !group.archivedAt);
  }

  /** Each chosen modifier belongs to one of the product's groups, and every group's min and max hold. */
  private assertModifiers(line: PricedLine, groups: ModifierGroup[]): void {
    if (line.modifiers.length !== line.line.modifierIds.length) throw new InvalidModifiersError('A chosen modifier does not exist');
    for (const modifier of line.modifiers) {
      if (!groups.some((group) => group.id === modifier.groupId)) {
        throw new InvalidModifiersError(`"${modifier.name}" is not a choice for ${line.product.name}`);
      }
      if (!modifier.available || modifier.archivedAt) throw new InvalidModifiersError(`"${modifier.name}" is not available now`);
    }
    for (const group of groups) {
      const chosen = line.modifiers.filter((modifier) => modifier.groupId === group.id).length;
      if (chosen < group.minSelect || chosen > group.maxSelect) {
        throw new InvalidModifiersError(
          group.minSelect === group.maxSelect
            ? `${line.product.name}: choose exactly ${group.minSelect} of "${group.name}"`
            : `${line.product.name}: choose ${group.minSelect} to ${group.maxSelect} of "${group.name}"`,
        );
      }
    }
  }
}

