import { DomainError } from '@parley/plugin-sdk';

/** A URL an endpoint can't have: not a URL, not https, credentials in it, or a loopback or private address. */
export class InvalidWebhookUrlError extends DomainError {
  constructor(reason: string) {
    super('INVALID_WEBHOOK_URL', `The webhook URL ${reason}`);
  }
}

export class InvalidWebhookEventTypeError extends DomainError {
  constructor(eventType: string) {
    super('INVALID_WEBHOOK_EVENT_TYPE', `"${eventType.slice(0, 100)}" is not an event type: names look like order.placed`, { eventType: eventType.slice(0, 100) });
  }
}

export class WebhookEndpointLimitError extends DomainError {
  constructor(limit: number) {
    super('WEBHOOK_ENDPOINT_LIMIT', `A store can have at most ${limit} webhook endpoints: delete one first`, { limit });
  }
}
