import { Module, type OnModuleInit } from '@nestjs/common';
import { definePlugin, ExtensionRegistry } from '@parley/plugin-sdk';
import { StripeWebhookController } from './api/stripe-webhook.controller';
import { StripePaymentProvider } from './services/stripe-payment.provider';
import { stripeOptions } from './stripe-options';

@Module({ controllers: [StripeWebhookController], providers: [StripePaymentProvider] })
export class StripePaymentsModule implements OnModuleInit {
  constructor(
    private readonly registry: ExtensionRegistry,
    private readonly provider: StripePaymentProvider,
  ) {}

  onModuleInit(): void {
    this.registry.register('payment', this.provider);
  }
}

export default definePlugin({
  name: '@parley/plugin-payments-stripe',
  version: '0.1.0',
  sdk: '^0.1.0',
  kinds: ['payment'],
  description: 'Pay by link through Stripe Checkout: a session per order, verified webhooks, refunds.',
  options: stripeOptions,
  module: StripePaymentsModule,
  // Says which account mode is in use, never the keys themselves.
  onStart: ({ logger, options }) => {
    const mode = options.secretKey.includes('_live_') ? 'live' : 'test';
    logger.info('Stripe payments ready', { mode, webhook: '/webhooks/stripe' });
  },
});
