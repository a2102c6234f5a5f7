import { z } from '@parley/plugin-sdk';

// A template may use {orderId}, {orderNumber} and {storeId}; Stripe's own {CHECKOUT_SESSION_ID} passes through.
const urlTemplate = z
  .string()
  .regex(/^https?:\/\/\S+$/, 'must be an http(s) URL, optionally with {orderId}, {orderNumber} or {storeId}')
  .optional();

export const stripeOptions = z.object({
  // Restricted keys (rk_) are accepted too: a key limited to Checkout Sessions and Refunds is the safer choice.
  secretKey: z.string().regex(/^(sk|rk)_(test|live)_\S+$/, 'must be a Stripe secret key (sk_test_..., sk_live_... or rk_...)'),
  webhookSecret: z.string().regex(/^whsec_\S+$/, "must be the webhook endpoint's signing secret (whsec_...)"),
  /** Where the customer lands after paying or cancelling; when unset, the URLs the core asks for are used. */
  successUrl: urlTemplate,
  cancelUrl: urlTemplate,
  // Only for tests: point the official client at a loopback fake of Stripe's API.
  apiHost: z.string().min(1).optional(),
  apiPort: z.number().int().min(1).max(65535).optional(),
  apiProtocol: z.enum(['http', 'https']).optional(),
});

export type StripeOptions = z.infer<typeof stripeOptions>;
