import type { IncomingHttpHeaders } from 'node:http';
import { Controller, HttpCode, Inject, Logger, Post, type RawBodyRequest, Req, Res } from '@nestjs/common';
import { headerValue, PLUGIN_OPTIONS, Public, readSignedProductWebhook, ShopCatalogUpdates, type WebhookRefusal } from '@parley/plugin-sdk';
import type { FastifyReply } from 'fastify';
import type { ShopifyOptions } from '../shopify-options';

const PRODUCT_TOPICS = new Set(['products/create', 'products/update', 'products/delete']);

/**
 * `POST /webhooks/shopify`: the product webhooks of every configured shop (told apart by `X-Shopify-Shop-Domain`).
 * Public, and read only once `X-Shopify-Hmac-Sha256` verifies against the shop's app secret over the raw body. Each
 * delivery (`X-Shopify-Webhook-Id`) asks the core to sync that product once and is answered at once.
 */
@Controller('webhooks/shopify')
export class ShopifyWebhookController {
  private readonly logger = new Logger('ShopifyWebhooks');

  constructor(
    @Inject(PLUGIN_OPTIONS) private readonly options: ShopifyOptions,
    private readonly updates: ShopCatalogUpdates,
  ) {}

  @Public()
  @Post()
  @HttpCode(200)
  async receive(@Req() request: RawBodyRequest<{ headers: IncomingHttpHeaders }>, @Res({ passthrough: true }) reply: FastifyReply): Promise<{ ok: true } | WebhookRefusal> {
    const shop = this.options.shops.find((candidate) => candidate.shopDomain === headerValue(request.headers, 'x-shopify-shop-domain'));
    const webhook = readSignedProductWebhook({
      header: 'X-Shopify-Hmac-Sha256',
      signature: headerValue(request.headers, 'x-shopify-hmac-sha256'),
      secret: shop?.webhookSecret,
      rawBody: request.rawBody ?? Buffer.alloc(0),
    });
    if ('refusal' in webhook) {
      void reply.status(401);
      return webhook.refusal;
    }
    const topic = headerValue(request.headers, 'x-shopify-topic') ?? '';
    if (!shop || !PRODUCT_TOPICS.has(topic)) return { ok: true };
    if (!webhook.productId) {
      // Signed, so Shopify's own: answered 200 so it is not sent again and again; the next import of changes catches up.
      this.logger.warn(`A signed ${topic} webhook from ${shop.shopDomain} had no product id; ignored`);
      return { ok: true };
    }
    await this.updates.received({ connector: 'shopify', storeSlug: shop.storeSlug, productIds: [webhook.productId], deliveryId: headerValue(request.headers, 'x-shopify-webhook-id') });
    return { ok: true };
  }
}
