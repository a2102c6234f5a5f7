export { default } from './webhooks.plugin';
export { WebhooksModule } from './webhooks.plugin';
export { webhooksOptions, type WebhooksOptions } from './webhooks-options';
export { WebhookEndpoint } from './entities/webhook-endpoint.entity';
export { WebhookDelivery } from './entities/webhook-delivery.entity';
export { WebhookDeliveryAttempt } from './entities/webhook-delivery-attempt.entity';
export type { WebhookBody } from './services/webhook-body';
