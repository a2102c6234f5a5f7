import type { Money } from '../money';
import { ProviderCallError } from '../provider-call-error';

/**
 * Shop connectors import a shop's catalog (Shopify, WooCommerce, ...) into a store and push chat orders back to the
 * shop's back office. The core calls them from its `shop-sync` job queue: a full import first, then the changes on a
 * schedule and whenever the shop's product webhooks arrive; an order when it is placed.
 */
export interface ShopStore {
  storeId: string;
  /** The store's slug, as plugins' options name stores. */
  storeSlug: string;
  /** The store's ISO 4217 currency: prices must come in it (the core refuses others, it never converts). */
  currency: string;
}

export interface ExternalVariant {
  externalId: string;
  /** Empty when the shop has none: the core then makes one from the connector and the variant's id. */
  sku: string;
  options: Record<string, string>;
  price: Money;
  /** Units in stock, or null when the shop does not count this variant's stock. */
  stock: number | null;
}

export interface ExternalProduct {
  externalId: string;
  name: string;
  description?: string;
  imageUrls: string[];
  variants: ExternalVariant[];
  /** Archived, drafted or trashed in the shop: withdrawn from the menu. */
  archived: boolean;
}

export interface ShopOrderLine {
  sku: string;
  name: string;
  /** The shop's ids of the product and variant, when the line's variant was imported from this shop. */
  externalProductId?: string;
  externalVariantId?: string;
  quantity: number;
  unitPrice: Money;
}

export interface ShopOrder {
  storeId: string;
  storeSlug: string;
  orderId: string;
  /** As customers see it: `#1001`, unique within the store. */
  orderNumber: string;
  placedAt: Date;
  lines: ShopOrderLine[];
  total: Money;
  /** Whether the customer has paid online; cash and pay-at-pickup orders are paid on handover. */
  paid: boolean;
  customer: { name?: string; phone?: string; email?: string };
}

export interface ShopConnector {
  readonly code: string;
  /** Whether this store syncs with this shop (options usually map stores to shops). Absent: every store. */
  servesStore?(store: ShopStore): boolean;
  /** How often the core imports the changes; absent: every 15 minutes. */
  readonly importIntervalMs?: number;
  /** Yields the shop's products changed since `since` (all of them without it), archived ones included. */
  importCatalog(store: ShopStore, since?: Date): AsyncIterable<ExternalProduct>;
  /** Yields these products as the shop has them now; one the shop no longer has is simply not yielded (deleted). */
  importProducts(store: ShopStore, externalIds: string[]): AsyncIterable<ExternalProduct>;
  /**
   * Creates the order in the shop and returns the shop's id for it. Calling it again for the same order, even after
   * a call whose answer was lost, must find the order made before instead of making a second one.
   */
  pushOrder(order: ShopOrder): Promise<{ externalId: string }>;
}

/**
 * Thrown by a connector (as is any `ProviderCallError`, e.g. from `callProviderApi`) when the shop did not take a call: retryable or not as `ProviderCallError` says (a 429 with
 * its Retry-After, a 5xx; a refused key is permanent). The message is logged and kept: no personal data in it.
 */
export class ShopSyncError extends ProviderCallError {
  override readonly name = 'ShopSyncError';
}

/** What a shop plugin's verified webhook asks of the core. */
export interface ShopCatalogUpdate {
  /** The connector's code. */
  connector: string;
  storeSlug: string;
  /** The products that changed or were deleted; absent: import every change since the last import, now. */
  productIds?: string[];
  /** The shop's id of this webhook delivery: a delivery seen before is not acted on again. */
  deliveryId?: string;
}

/**
 * Where shop plugins hand their product webhooks (after verifying them): the core queues the sync and returns at
 * once, so the webhook is acknowledged fast. `duplicate` when this delivery id was received before.
 */
export abstract class ShopCatalogUpdates {
  abstract received(update: ShopCatalogUpdate): Promise<{ duplicate: boolean }>;
}
