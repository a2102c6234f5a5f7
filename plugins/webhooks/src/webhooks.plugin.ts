import { Module } from '@nestjs/common';
import { definePlugin } from '@parley/plugin-sdk';
import { WebhookEndpointResolver } from './api/webhook-endpoint.resolver';
import { WebhookDeliveryAttempt } from './entities/webhook-delivery-attempt.entity';
import { WebhookDelivery } from './entities/webhook-delivery.entity';
import { WebhookEndpoint } from './entities/webhook-endpoint.entity';
import { WebhooksPostgres1795449053830 } from './migrations/postgres';
import { WebhooksSqlite1795449053830 } from './migrations/sqlite';
import { WebhookCaptureService } from './services/webhook-capture.service';
import { WebhookDeliveryProcessor } from './services/webhook-delivery.processor';
import { WebhookEndpointService } from './services/webhook-endpoint.service';
import { WebhookSender } from './services/webhook-sender';
import { webhooksOptions } from './webhooks-options';

@Module({ providers: [WebhookSender, WebhookCaptureService, WebhookDeliveryProcessor, WebhookEndpointService, WebhookEndpointResolver] })
export class WebhooksModule {}

export default definePlugin({
  name: '@parley/plugin-webhooks',
  version: '0.1.0',
  sdk: '^0.1.0',
  kinds: ['generic'],
  description: "Outgoing webhooks: every event of a store, signed, delivered to the URLs the store's integrators register.",
  options: webhooksOptions,
  module: WebhooksModule,
  entities: [WebhookEndpoint, WebhookDelivery, WebhookDeliveryAttempt],
  migrations: { postgres: [WebhooksPostgres1795449053830], sqlite: [WebhooksSqlite1795449053830] },
  onStart: ({ logger, options }) =>
    logger.info('Outgoing webhooks ready', { timeoutMs: options.timeoutMs, maxAttempts: options.maxAttempts, allowInsecureUrls: options.allowInsecureUrls }),
});
