import type { IncomingHttpHeaders } from 'node:http';
import { Controller, HttpCode, Optional, Post, type RawBodyRequest, Req } from '@nestjs/common';
import { PaymentEvents, Public, WebhookVerificationError } from '@parley/plugin-sdk';
import { StripePaymentProvider } from '../services/stripe-payment.provider';

/** Stripe's webhook endpoint: public, trusted only once the signature over the raw body has verified. */
@Controller('webhooks/stripe')
export class StripeWebhookController {
  constructor(
    private readonly provider: StripePaymentProvider,
    // Until the core provides the sink, verified events are acknowledged and dropped.
    @Optional() private readonly payments?: PaymentEvents,
  ) {}

  @Public()
  @Post()
  @HttpCode(200)
  async receive(@Req() request: RawBodyRequest<{ headers: IncomingHttpHeaders }>): Promise<{ received: true }> {
    // Without the raw bytes there is nothing to check the signature against.
    if (!request.rawBody) throw new WebhookVerificationError('The request has no body to verify');
    const events = await this.provider.parseWebhook({ rawBody: request.rawBody, headers: request.headers });
    if (events.length > 0) await this.payments?.receive(this.provider.code, events);
    return { received: true };
  }
}
