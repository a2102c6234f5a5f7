import { DomainError } from '@parley/plugin-sdk';

export class SoldOutError extends DomainError {
  constructor(sku: string, available?: number) {
    super('SOLD_OUT', available ? `Only ${available} of ${sku} left` : `${sku} is sold out`, { sku, ...(available ? { available } : {}) });
  }
}

export class PriceChangedError extends DomainError {
  constructor(lines: { sku: string; seen: number; now: number }[]) {
    super('PRICE_CHANGED', `Prices changed since the cart was shown: ${lines.map((l) => `${l.sku} ${l.seen} -> ${l.now}`).join(', ')}`, { lines });
  }
}

export class OutsideDeliveryZoneError extends DomainError {
  constructor() {
    super('OUTSIDE_DELIVERY_ZONE', "The store doesn't deliver to this address");
  }
}

export class BelowMinimumOrderError extends DomainError {
  constructor(minimum: number, subtotal: number, currency: string) {
    super('BELOW_MINIMUM_ORDER', `Delivery here needs an order of at least ${minimum} (${currency} minor units); this one is ${subtotal}`, {
      minimum,
      subtotal,
      currency,
    });
  }
}

export class InvalidModifiersError extends DomainError {
  constructor(message: string) {
    super('INVALID_MODIFIERS', message);
  }
}

export class CartClosedError extends DomainError {
  constructor() {
    super('CART_ALREADY_ORDERED', 'This cart has already become an order');
  }
}
