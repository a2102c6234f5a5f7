import type { Money } from '../money';

/** Shop connectors import a shop's catalog into a store and push chat orders back to the shop's back office. */
export interface ExternalVariant {
  externalId: string;
  sku: string;
  options: Record<string, string>;
  price: Money;
  stock: number | null;
}

export interface ExternalProduct {
  externalId: string;
  name: string;
  description?: string;
  imageUrls: string[];
  variants: ExternalVariant[];
  archived: boolean;
}

export interface ShopOrder {
  storeId: string;
  orderId: string;
  orderNumber: string;
  lines: { sku: string; externalVariantId?: string; quantity: number; unitPrice: Money }[];
  total: Money;
  customer: { name?: string; phone?: string; email?: string };
}

export interface ShopConnector {
  readonly code: string;
  /** Yields the shop's products changed since `since` (all of them without it). */
  importCatalog(storeId: string, since?: Date): AsyncIterable<ExternalProduct>;
  pushOrder(order: ShopOrder): Promise<{ externalId: string }>;
}
