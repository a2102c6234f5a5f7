import { Inject, Injectable } from '@nestjs/common';
import {
  type ExternalProduct,
  type ExternalVariant,
  htmlToText,
  minorUnitsToDecimal,
  PLUGIN_OPTIONS,
  type ShopOrder,
  shopPrice,
  type ShopStore,
  StoreAccountsShopConnector,
} from '@parley/plugin-sdk';
import type { WooCommerceOptions, WooCommerceStore } from '../woocommerce-options';
import { WooCommerceApiClient, type WooProduct } from './woocommerce-api.client';

/** The order meta that carries our order's id, so a retried push finds the order instead of making another. */
export const ORDER_META_KEY = '_parley_order_id';

// Orders are looked for among those the site received from a little before ours was placed.
const LOOKUP_MARGIN_MS = 10 * 60_000;

/**
 * A WooCommerce site per store, through the WC REST API v3: products (simple ones as one variant, variable ones with
 * their variations; anything not published is withdrawn from the menu, trashed ones too), prices, stock and images;
 * orders created with the site's products and variations, with our order's id in their meta data, looked up by it
 * first so that a repeated push finds the order instead of making a second.
 */
@Injectable()
export class WooCommerceShopConnector extends StoreAccountsShopConnector<WooCommerceStore> {
  readonly code = 'woocommerce';

  constructor(
    @Inject(PLUGIN_OPTIONS) options: WooCommerceOptions,
    private readonly api: WooCommerceApiClient,
  ) {
    super(options.stores, options.importIntervalMinutes);
  }

  async *importCatalog(store: ShopStore, since?: Date): AsyncIterable<ExternalProduct> {
    const site = this.account(store.storeSlug);
    const currency = await this.api.currency(site);
    const changed: Record<string, string> = since ? { modified_after: since.toISOString() } : {};
    // `any` leaves out the trash: trashed products are asked for on their own, to be withdrawn.
    for (const status of ['any', 'trash']) {
      for await (const product of this.api.products(site, { ...changed, status })) yield await this.toExternalProduct(site, product, currency);
    }
  }

  async *importProducts(store: ShopStore, externalIds: string[]): AsyncIterable<ExternalProduct> {
    const site = this.account(store.storeSlug);
    const currency = await this.api.currency(site);
    for (const status of ['any', 'trash']) {
      for await (const product of this.api.products(site, { include: externalIds.join(','), status })) yield await this.toExternalProduct(site, product, currency);
    }
  }

  pushOrder(order: ShopOrder): Promise<{ externalId: string }> {
    const site = this.account(order.storeSlug);
    const lineTotal = (line: ShopOrder['lines'][number]) => minorUnitsToDecimal({ amount: line.unitPrice.amount * line.quantity, currency: line.unitPrice.currency });
    const recent = this.api.orders(site, new Date(order.placedAt.getTime() - LOOKUP_MARGIN_MS));
    return this.pushOnce(recent, (existing) => existing.meta_data.some((meta) => meta.key === ORDER_META_KEY && meta.value === order.orderId), () =>
      this.api.createOrder(site, {
        status: order.paid ? 'processing' : 'pending',
        set_paid: order.paid,
        currency: order.total.currency,
        line_items: order.lines
          .filter((line) => line.externalProductId)
          .map((line) => ({
            product_id: Number(line.externalProductId),
            // A simple product's only variant is the product itself.
            ...(line.externalVariantId !== line.externalProductId ? { variation_id: Number(line.externalVariantId) } : {}),
            quantity: line.quantity,
            subtotal: lineTotal(line),
            total: lineTotal(line),
          })),
        // Lines of products the site doesn't have are charged as fees, so the order's total is the customer's.
        fee_lines: order.lines.filter((line) => !line.externalProductId).map((line) => ({ name: `${line.quantity} × ${line.name}`, total: lineTotal(line) })),
        customer_note: `Chat order ${order.orderNumber} (Parley, store ${order.storeSlug})`,
        meta_data: [
          { key: ORDER_META_KEY, value: order.orderId },
          { key: '_parley_order_number', value: order.orderNumber },
        ],
      }),
    );
  }

  private async toExternalProduct(site: WooCommerceStore, product: WooProduct, currency: string): Promise<ExternalProduct> {
    const stockOf = (manage: boolean, quantity: number | null) => (manage ? (quantity ?? 0) : null);
    let variants: ExternalVariant[];
    if (product.type === 'variable') {
      variants = [];
      for await (const variation of this.api.variations(site, product.id)) {
        if (variation.status !== 'publish' || variation.price === '') continue;
        variants.push({
          externalId: String(variation.id),
          sku: variation.sku,
          options: Object.fromEntries(variation.attributes.map((attribute) => [attribute.name.toLowerCase(), attribute.option])),
          price: shopPrice(variation.price, currency, `WooCommerce variation ${variation.id}`),
          // "parent": the product counts the stock of all its variations together.
          stock: variation.manage_stock === 'parent' ? stockOf(product.manage_stock, product.stock_quantity) : stockOf(variation.manage_stock, variation.stock_quantity),
        });
      }
    } else {
      variants =
        product.price === ''
          ? []
          : [{ externalId: String(product.id), sku: product.sku, options: {}, price: shopPrice(product.price, currency, `WooCommerce product ${product.id}`), stock: stockOf(product.manage_stock, product.stock_quantity) }];
    }
    return {
      externalId: String(product.id),
      name: product.name,
      description: htmlToText(product.description),
      imageUrls: product.images.map((image) => image.src),
      // Drafts, pending reviews, private and trashed products are not for sale; nor is one without a price.
      archived: product.status !== 'publish',
      variants,
    };
  }
}
