import { decimalToMinorUnits } from './decimal-amounts';
import { type ExternalProduct, type ShopConnector, type ShopOrder, type ShopStore, ShopSyncError } from './extensions/shop';
import type { Money } from './money';

/**
 * A shop's decimal price ("12.50") as Money in the shop's currency, read exactly. A price the currency can't have
 * (too many decimals, not a number) is a permanent ShopSyncError naming `what`, never rounded.
 */
export function shopPrice(text: string, currency: string, what: string): Money {
  try {
    return { amount: decimalToMinorUnits(text, currency), currency };
  } catch (error) {
    throw new ShopSyncError(`${what}: ${(error as Error).message}`, false, undefined, 'invalid_price');
  }
}

/**
 * The common part of shop connectors whose options give each store its own shop account (`{ storeSlug, ... }`, with
 * `importIntervalMinutes`): the stores served, the import interval, a store's account, and pushing an order once.
 */
export abstract class StoreAccountsShopConnector<TAccount extends { storeSlug: string }> implements ShopConnector {
  abstract readonly code: string;
  readonly importIntervalMs: number;

  protected constructor(
    private readonly accounts: TAccount[],
    importIntervalMinutes: number,
  ) {
    this.importIntervalMs = Math.round(importIntervalMinutes * 60_000);
  }

  abstract importCatalog(store: ShopStore, since?: Date): AsyncIterable<ExternalProduct>;
  abstract importProducts(store: ShopStore, externalIds: string[]): AsyncIterable<ExternalProduct>;
  abstract pushOrder(order: ShopOrder): Promise<{ externalId: string }>;

  servesStore(store: { storeSlug: string }): boolean {
    return this.accounts.some((account) => account.storeSlug === store.storeSlug);
  }

  /** The store's account; a store without one is a permanent ShopSyncError (its options changed meanwhile). */
  protected account(storeSlug: string): TAccount {
    const account = this.accounts.find((candidate) => candidate.storeSlug === storeSlug);
    if (!account) throw new ShopSyncError(`No ${this.code} shop is configured for the store "${storeSlug}"`, false, undefined, 'unknown_store');
    return account;
  }

  /**
   * The shop's id of the order `isOurs` recognises among `existing` (the shop's recent orders), else of the one
   * `create` makes: a push repeated after a lost answer finds the order instead of making a second.
   */
  protected async pushOnce<T extends { id: number | string }>(existing: AsyncIterable<T>, isOurs: (order: T) => boolean, create: () => Promise<string>): Promise<{ externalId: string }> {
    for await (const order of existing) if (isOurs(order)) return { externalId: String(order.id) };
    return { externalId: await create() };
  }
}
