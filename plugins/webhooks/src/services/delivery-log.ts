import { randomUUID } from 'node:crypto';
import type { TransactionContext } from '@parley/plugin-sdk';
import { WebhookDeliveryAttempt } from '../entities/webhook-delivery-attempt.entity';
import { WebhookDelivery, type WebhookDeliveryStatus } from '../entities/webhook-delivery.entity';
import type { SendResult } from './webhook-sender';

/** Writes one request to the endpoint's log and where its delivery stands after it, in the caller's transaction. */
export async function recordAttempt(
  tx: TransactionContext,
  delivery: Pick<WebhookDelivery, 'id' | 'endpointId' | 'eventId' | 'eventType'>,
  attempt: number,
  result: SendResult,
  status: WebhookDeliveryStatus,
): Promise<WebhookDeliveryAttempt> {
  const entry = tx.manager.create(WebhookDeliveryAttempt, {
    id: randomUUID(),
    endpointId: delivery.endpointId,
    deliveryId: delivery.id,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    attempt,
    succeeded: result.succeeded,
    statusCode: result.statusCode,
    durationMs: result.durationMs,
    error: result.error,
    responseBody: result.responseBody,
  });
  await tx.manager.insert(WebhookDeliveryAttempt, entry);
  await tx.manager.update(WebhookDelivery, { id: delivery.id }, { status, attempts: attempt, finishedAt: status === 'pending' ? null : new Date() });
  return entry;
}
