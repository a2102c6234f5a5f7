import { DomainError } from '@parley/plugin-sdk';

/** The catalog's typed errors. Each has its own code (docs/errors.md); none leaves anything half-saved. */
export class DuplicateSkuError extends DomainError {
  constructor(sku: string) {
    super('DUPLICATE_SKU', `The SKU "${sku}" is already used by another variant of this store`, { sku });
  }
}

export class NegativePriceError extends DomainError {
  constructor(field: string, amount: number) {
    super('NEGATIVE_PRICE', `${field} can't be negative (got ${amount})`, { field, amount });
  }
}

export class CurrencyMismatchError extends DomainError {
  constructor(given: string, expected: string) {
    super('CURRENCY_MISMATCH', `Prices of this store are in ${expected}, not ${given}`, { given, expected });
  }
}

export class InvalidModifierRangeError extends DomainError {
  constructor(min: number, max: number) {
    super('INVALID_MODIFIER_RANGE', `A modifier group needs 0 <= min <= max and max >= 1 (got min ${min}, max ${max})`, { min, max });
  }
}

export class NegativeStockError extends DomainError {
  constructor(stock: number) {
    super('NEGATIVE_STOCK', `Stock on hand can't be negative (got ${stock})`, { stock });
  }
}

export class LastVariantError extends DomainError {
  constructor() {
    super('LAST_VARIANT', 'A product keeps at least one variant: archive the product instead');
  }
}

export class DuplicateVariantOptionsError extends DomainError {
  constructor(options: string) {
    super('DUPLICATE_VARIANT_OPTIONS', `Two variants of this product have the same options (${options || 'none'})`);
  }
}

export class CurrencyChangeNotAllowedError extends DomainError {
  constructor() {
    super('CURRENCY_CHANGE_NOT_ALLOWED', "The store's currency can't change once it has priced variants");
  }
}
