export { default } from './payments-stripe.plugin';
export { StripePaymentsModule } from './payments-stripe.plugin';
export { StripePaymentProvider } from './services/stripe-payment.provider';
export { stripeOptions, type StripeOptions } from './stripe-options';
