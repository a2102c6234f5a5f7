import type { IncomingHttpHeaders } from 'node:http';
import { Controller, HttpCode, Inject, Logger, Param, Post, type RawBodyRequest, Req, Res } from '@nestjs/common';
import { headerValue, PLUGIN_OPTIONS, Public, readSignedProductWebhook, ShopCatalogUpdates, type WebhookRefusal } from '@parley/plugin-sdk';
import type { FastifyReply } from 'fastify';
import type { WooCommerceOptions } from '../woocommerce-options';

const PRODUCT_TOPICS = new Set(['product.created', 'product.updated', 'product.deleted', 'product.restored']);

/**
 * `POST /webhooks/woocommerce/<store slug>`: the product webhooks of the store's WooCommerce site. Public, and read
 * only once `X-WC-Webhook-Signature` verifies against the webhooks' secret over the raw body. Each delivery
 * (`X-WC-Webhook-Delivery-ID`) asks the core to sync that product once and is answered at once.
 */
@Controller('webhooks/woocommerce')
export class WooCommerceWebhookController {
  private readonly logger = new Logger('WooCommerceWebhooks');

  constructor(
    @Inject(PLUGIN_OPTIONS) private readonly options: WooCommerceOptions,
    private readonly updates: ShopCatalogUpdates,
  ) {}

  @Public()
  @Post(':storeSlug')
  @HttpCode(200)
  async receive(
    @Param('storeSlug') storeSlug: string,
    @Req() request: RawBodyRequest<{ headers: IncomingHttpHeaders }>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ ok: true } | WebhookRefusal> {
    const site = this.options.stores.find((candidate) => candidate.storeSlug === storeSlug);
    const webhook = readSignedProductWebhook({
      header: 'X-WC-Webhook-Signature',
      signature: headerValue(request.headers, 'x-wc-webhook-signature'),
      secret: site?.webhookSecret,
      rawBody: request.rawBody ?? Buffer.alloc(0),
    });
    if ('refusal' in webhook) {
      void reply.status(401);
      return webhook.refusal;
    }
    // WooCommerce pings a new webhook (`webhook_id=<id>`, no topic) and needs a 200 to keep it active.
    const topic = headerValue(request.headers, 'x-wc-webhook-topic') ?? '';
    if (!PRODUCT_TOPICS.has(topic)) return { ok: true };
    if (!webhook.productId) {
      this.logger.warn(`A signed ${topic} webhook for store ${storeSlug} had no product id; ignored`);
      return { ok: true };
    }
    await this.updates.received({ connector: 'woocommerce', storeSlug, productIds: [webhook.productId], deliveryId: headerValue(request.headers, 'x-wc-webhook-delivery-id') });
    return { ok: true };
  }
}
