import type { IncomingHttpHeaders } from 'node:http';
import { Controller, HttpCode, Post, type RawBodyRequest, Req, Res } from '@nestjs/common';
import { PaymentEvents, Public, WebhookVerificationError } from '@parley/plugin-sdk';
import type { FastifyReply } from 'fastify';
import { StripePaymentProvider } from '../services/stripe-payment.provider';

/** Stripe's webhook endpoint: public, trusted only once the signature over the raw body has verified. */
@Controller('webhooks/stripe')
export class StripeWebhookController {
  constructor(
    private readonly provider: StripePaymentProvider,
    private readonly payments: PaymentEvents,
  ) {}

  @Public()
  @Post()
  @HttpCode(200)
  async receive(
    @Req() request: RawBodyRequest<{ headers: IncomingHttpHeaders }>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ received: true } | { error: { code: string; message: string } }> {
    try {
      // Without the raw bytes there is nothing to check the signature against.
      if (!request.rawBody) throw new WebhookVerificationError('The request has no body to verify');
      const events = await this.provider.parseWebhook({ rawBody: request.rawBody, headers: request.headers });
      if (events.length > 0) await this.payments.receive(this.provider.code, events);
      return { received: true };
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      // Stripe's own advice for a signature that doesn't verify: 400, and nothing read or stored.
      void reply.status(400);
      return { error: { code: error.code, message: error.message } };
    }
  }
}
