import { Inject, Injectable } from '@nestjs/common';
import {
  type ExternalProduct,
  htmlToText,
  minorUnitsToDecimal,
  PLUGIN_OPTIONS,
  type ShopOrder,
  shopPrice,
  type ShopStore,
  StoreAccountsShopConnector,
} from '@parley/plugin-sdk';
import type { ShopifyOptions, ShopifyShop } from '../shopify-options';
import { ShopifyApiClient, type ShopifyProduct } from './shopify-api.client';

// Orders are looked for among those the shop received from a little before ours was placed.
const LOOKUP_MARGIN_MS = 10 * 60_000;

/** The tag that marks an order as ours in the shop, so a retried push finds it instead of making another. */
export const orderTag = (orderId: string) => `parley-${orderId}`;

/** A Shopify product as the SDK's ExternalProduct: prices from decimal strings in the shop's currency. */
export function toExternalProduct(product: ShopifyProduct, currency: string): ExternalProduct {
  const names = [...product.options].sort((a, b) => a.position - b.position).map((option) => option.name.toLowerCase());
  return {
    externalId: String(product.id),
    name: product.title,
    description: htmlToText(product.body_html),
    imageUrls: product.images.map((image) => image.src),
    archived: product.status !== 'active',
    variants: product.variants.map((variant) => {
      const options: Record<string, string> = {};
      [variant.option1, variant.option2, variant.option3].forEach((value, index) => {
        // A product without options has one variant titled "Default Title".
        if (value && names[index] && !(names[index] === 'title' && value === 'Default Title')) options[names[index]] = value;
      });
      return {
        externalId: String(variant.id),
        sku: variant.sku ?? '',
        options,
        price: shopPrice(variant.price, currency, `Shopify variant ${variant.id}`),
        stock: variant.inventory_management === 'shopify' ? variant.inventory_quantity : null,
      };
    }),
  };
}

/**
 * A Shopify shop per store, through the Admin REST API: products (every status, archived and draft ones withdrawn
 * from the menu) with their variants, prices, stock and images; orders created with the shop's variants, tagged with
 * our order's id, and looked up by that tag first, so a repeated push finds the order instead of making a second.
 */
@Injectable()
export class ShopifyShopConnector extends StoreAccountsShopConnector<ShopifyShop> {
  readonly code = 'shopify';

  constructor(
    @Inject(PLUGIN_OPTIONS) options: ShopifyOptions,
    private readonly api: ShopifyApiClient,
  ) {
    super(options.shops, options.importIntervalMinutes);
  }

  async *importCatalog(store: ShopStore, since?: Date): AsyncIterable<ExternalProduct> {
    const shop = this.account(store.storeSlug);
    const currency = await this.api.currency(shop);
    for await (const product of this.api.products(shop, { updatedAtMin: since })) yield toExternalProduct(product, currency);
  }

  async *importProducts(store: ShopStore, externalIds: string[]): AsyncIterable<ExternalProduct> {
    const shop = this.account(store.storeSlug);
    const currency = await this.api.currency(shop);
    // Shopify takes up to 250 ids per call.
    for (let start = 0; start < externalIds.length; start += 250) {
      for await (const product of this.api.products(shop, { ids: externalIds.slice(start, start + 250) })) yield toExternalProduct(product, currency);
    }
  }

  pushOrder(order: ShopOrder): Promise<{ externalId: string }> {
    const shop = this.account(order.storeSlug);
    const tag = orderTag(order.orderId);
    const recent = this.api.orders(shop, new Date(order.placedAt.getTime() - LOOKUP_MARGIN_MS));
    return this.pushOnce(recent, (existing) => existing.tags.split(',').some((candidate) => candidate.trim() === tag), () =>
      this.api.createOrder(shop, {
        line_items: order.lines.map((line) =>
          line.externalVariantId
            ? { variant_id: Number(line.externalVariantId), quantity: line.quantity, price: minorUnitsToDecimal(line.unitPrice) }
            : { title: line.name, sku: line.sku, quantity: line.quantity, price: minorUnitsToDecimal(line.unitPrice) },
        ),
        currency: order.total.currency,
        financial_status: order.paid ? 'paid' : 'pending',
        // Shopify counts the stock of its variants as ours did when the order was placed.
        inventory_behaviour: 'decrement_obeying_policy',
        send_receipt: false,
        send_fulfillment_receipt: false,
        tags: `parley, ${tag}`,
        note: `Chat order ${order.orderNumber} (Parley, store ${order.storeSlug})`,
        source_identifier: order.orderId,
      }),
    );
  }
}
