import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { BadUserInputError, type Connection, NotFoundError, type PageArgs, paginate, PLUGIN_OPTIONS, Transactions } from '@parley/plugin-sdk';
import { DataSource } from 'typeorm';
import { WebhookDeliveryAttempt } from '../entities/webhook-delivery-attempt.entity';
import { WebhookDelivery } from '../entities/webhook-delivery.entity';
import { WebhookEndpoint } from '../entities/webhook-endpoint.entity';
import { InvalidWebhookEventTypeError, WebhookEndpointLimitError } from '../webhooks.errors';
import type { WebhooksOptions } from '../webhooks-options';
import { recordAttempt } from './delivery-log';
import { TEST_EVENT_TYPE, webhookBody } from './webhook-body';
import { WebhookSender } from './webhook-sender';
import { checkWebhookUrl } from './webhook-url';

/** Endpoints per store: each event is written once per endpoint that wants it, so the fan-out stays bounded. */
export const MAX_ENDPOINTS_PER_STORE = 20;
const MAX_EVENT_TYPES = 50;
const EVENT_TYPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

export interface EndpointInput {
  url?: string | null;
  eventTypes?: string[] | null;
  description?: string | null;
}

function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** The event types as stored: checked, without repeats; none (or null) means every event. */
function checkEventTypes(eventTypes: string[] | null | undefined): string[] {
  const unique = [...new Set((eventTypes ?? []).map((type) => type.trim()))];
  const wrong = unique.find((type) => type.length > 100 || !EVENT_TYPE.test(type));
  if (wrong !== undefined) throw new InvalidWebhookEventTypeError(wrong);
  if (unique.length > MAX_EVENT_TYPES) throw new BadUserInputError(`eventTypes takes at most ${MAX_EVENT_TYPES} types; leave it empty for every event`);
  return unique;
}

function checkDescription(description: string | null | undefined): string | null {
  const text = description?.trim() || null;
  if (text && text.length > 200) throw new BadUserInputError('description takes at most 200 characters');
  return text;
}

/** A store's endpoints: registering, changing, the secret, the delivery log and test deliveries. Always by storeId. */
@Injectable()
export class WebhookEndpointService {
  constructor(
    @Inject(PLUGIN_OPTIONS) private readonly options: WebhooksOptions,
    private readonly transactions: Transactions,
    private readonly dataSource: DataSource,
    private readonly sender: WebhookSender,
  ) {}

  list(storeId: string): Promise<WebhookEndpoint[]> {
    return this.dataSource.getRepository(WebhookEndpoint).find({ where: { storeId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** The store's endpoint; another store's id is simply not found. */
  async get(storeId: string, id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.dataSource.getRepository(WebhookEndpoint).findOneBy({ id, storeId });
    if (!endpoint) throw new NotFoundError('Webhook endpoint', id);
    return endpoint;
  }

  async create(storeId: string, input: EndpointInput & { url: string }): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const url = checkWebhookUrl(input.url, this.options.allowInsecureUrls);
    const eventTypes = checkEventTypes(input.eventTypes);
    const description = checkDescription(input.description);
    const secret = newSecret();
    const endpoint = await this.transactions.run(async (tx) => {
      // Two registrations at once would both count 19 and both insert: on PostgreSQL a store's take turns (SQLite runs
      // one write transaction at a time anyway).
      if (tx.manager.connection.options.type === 'postgres') await tx.manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`webhook_endpoint:${storeId}`]);
      if ((await tx.manager.countBy(WebhookEndpoint, { storeId })) >= MAX_ENDPOINTS_PER_STORE) throw new WebhookEndpointLimitError(MAX_ENDPOINTS_PER_STORE);
      return tx.manager.save(
        tx.manager.create(WebhookEndpoint, { id: randomUUID(), storeId, url, eventTypes, description, secret, enabled: true, disabledReason: null, disabledAt: null, failedDeliveriesInRow: 0 }),
      );
    });
    return { endpoint, secret };
  }

  async update(storeId: string, id: string, input: EndpointInput): Promise<WebhookEndpoint> {
    const changes: Partial<WebhookEndpoint> = {};
    // A URL can be changed, never removed: null leaves it as it is.
    if (input.url != null) changes.url = checkWebhookUrl(input.url, this.options.allowInsecureUrls);
    if (input.eventTypes !== undefined) changes.eventTypes = checkEventTypes(input.eventTypes);
    if (input.description !== undefined) changes.description = checkDescription(input.description);
    return this.change(storeId, id, changes);
  }

  /** Enabling starts afresh: the reason goes and failed deliveries are counted from zero. */
  setEnabled(storeId: string, id: string, enabled: boolean): Promise<WebhookEndpoint> {
    return this.change(
      storeId,
      id,
      enabled
        ? { enabled: true, disabledReason: null, disabledAt: null, failedDeliveriesInRow: 0 }
        : { enabled: false, disabledReason: 'Disabled by the store', disabledAt: new Date() },
    );
  }

  /** A new secret, signing every request from now on, retries of earlier events included. */
  async rotateSecret(storeId: string, id: string): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const secret = newSecret();
    return { endpoint: await this.change(storeId, id, { secret }), secret };
  }

  /** Deletes the endpoint with its pending deliveries and its log. */
  async delete(storeId: string, id: string): Promise<boolean> {
    await this.get(storeId, id);
    await this.transactions.run((tx) => tx.manager.delete(WebhookEndpoint, { id, storeId }));
    return true;
  }

  /** The endpoint's requests, newest first. */
  async deliveryLog(storeId: string, endpointId: string, page: PageArgs): Promise<Connection<WebhookDeliveryAttempt>> {
    await this.get(storeId, endpointId);
    const query = this.dataSource.getRepository(WebhookDeliveryAttempt).createQueryBuilder('attempt').where('attempt.endpointId = :endpointId', { endpointId });
    return paginate(query, page);
  }

  /**
   * Sends a `webhook.test` event to the endpoint now, disabled or not (to check it before enabling it again), and
   * answers how it went. Logged like any delivery; it changes nothing about the endpoint's health.
   */
  async sendTest(storeId: string, endpointId: string): Promise<WebhookDeliveryAttempt> {
    const endpoint = await this.get(storeId, endpointId);
    const event = { id: randomUUID(), type: TEST_EVENT_TYPE, occurredAt: new Date().toISOString(), payload: { storeId, endpointId, message: 'A test event from Parley' } };
    const delivery = { id: randomUUID(), storeId, endpointId, eventId: event.id, eventType: event.type, body: webhookBody(event, storeId) };
    const result = await this.sender.send({ url: endpoint.url, secret: endpoint.secret, deliveryId: delivery.id, eventType: event.type, body: delivery.body });
    return this.transactions.run(async (tx) => {
      // Written once sent, never pending: the sweep must not send it again.
      await tx.manager.insert(WebhookDelivery, { ...delivery, status: result.succeeded ? 'delivered' : 'failed', attempts: 1, queuedAt: null, finishedAt: new Date() });
      return recordAttempt(tx, delivery, 1, result, result.succeeded ? 'delivered' : 'failed');
    });
  }

  private async change(storeId: string, id: string, changes: Partial<WebhookEndpoint>): Promise<WebhookEndpoint> {
    return this.transactions.run(async (tx) => {
      const endpoint = await tx.manager.findOneBy(WebhookEndpoint, { id, storeId });
      if (!endpoint) throw new NotFoundError('Webhook endpoint', id);
      return tx.manager.save(Object.assign(endpoint, changes));
    });
  }
}
