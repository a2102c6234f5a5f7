import type { DomainEvent } from '@parley/plugin-sdk';

/** The type of the event `sendTestWebhook` delivers; never published on the event bus. */
export const TEST_EVENT_TYPE = 'webhook.test';

/** What every delivery's JSON body holds. `id` is the event's: the same for every endpoint that receives it. */
export interface WebhookBody {
  id: string;
  type: string;
  storeId: string;
  occurredAt: string;
  data: unknown;
}

/** The store an event belongs to, or null for an event of no store (those are not delivered). */
export function storeOf(event: DomainEvent): string | null {
  const storeId = (event.payload as { storeId?: unknown }).storeId;
  return typeof storeId === 'string' ? storeId : null;
}

export function webhookBody(event: { id: string; type: string; occurredAt: string; payload: unknown }, storeId: string): string {
  const body: WebhookBody = { id: event.id, type: event.type, storeId, occurredAt: event.occurredAt, data: event.payload };
  return JSON.stringify(body);
}
