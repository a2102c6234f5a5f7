import { Inject, Injectable } from '@nestjs/common';
import { CrmSyncError, PLUGIN_OPTIONS, retryAfterMs } from '@parley/plugin-sdk';
import type { HubSpotAccount, HubSpotOptions } from '../hubspot-options';

/** A CRM object as HubSpot answers it. */
export interface HubSpotObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export type HubSpotObjectType = 'contacts' | 'deals';

export interface HubSpotAssociation {
  to: { id: string };
  types: { associationCategory: 'HUBSPOT_DEFINED' | 'USER_DEFINED'; associationTypeId: number }[];
}

/** HubSpot's advice when it rate-limits without saying how long: ten seconds, its rolling window. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 10_000;

/** Error texts go to logs and the sync record: e-mail addresses and long digit runs (phone numbers) are masked. */
const scrub = (value: string) =>
  value
    .replace(/[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+/g, '[email]')
    .replace(/\+?\d[\d\s().-]{5,}\d/g, '[number]')
    .slice(0, 300);

/**
 * Turns an error answer of HubSpot (`{ status: "error", message, category, correlationId }`) into a CrmSyncError:
 * a 429 waits the `Retry-After` (ten seconds without one), a 503 its `Retry-After` when it sends one, timeouts and
 * 5xx are retried, anything else (a refused token, invalid data) would fail again and is permanent.
 */
export function classifyHubSpotError(status: number, body: unknown, headers: Headers): CrmSyncError {
  const error = typeof body === 'object' && body !== null ? (body as { message?: unknown; category?: unknown; correlationId?: unknown }) : {};
  const category = typeof error.category === 'string' ? error.category : `http_${status}`;
  const text = typeof error.message === 'string' ? scrub(error.message) : `HTTP ${status}`;
  // A correlation id lets HubSpot's support find the request; it says nothing about the customer.
  const correlation = typeof error.correlationId === 'string' && /^[\w-]{1,64}$/.test(error.correlationId) ? ` (correlation id ${error.correlationId})` : '';
  const message = `HubSpot API answered ${status} ${category}: ${text}${correlation}`;
  if (status === 429) return new CrmSyncError(message, true, retryAfterMs(headers.get('retry-after')) ?? DEFAULT_RATE_LIMIT_WAIT_MS, category);
  // A 503 (HubSpot down for maintenance) may say when to come back; without it, the core's backoff.
  return new CrmSyncError(message, status >= 500 || status === 408, status === 503 ? retryAfterMs(headers.get('retry-after')) : undefined, category);
}

function networkError(error: unknown, what: string): CrmSyncError {
  // Duck-typed: AbortSignal.timeout's DOMException is not always an `instanceof Error` of this realm.
  const { name, message } = typeof error === 'object' && error !== null ? (error as { name?: unknown; message?: unknown }) : { name: undefined, message: error };
  return name === 'TimeoutError' || name === 'AbortError'
    ? new CrmSyncError(`HubSpot API did not answer ${what} in time`, true, undefined, 'timeout')
    : new CrmSyncError(`HubSpot API could not be reached ${what}: ${scrub(String(message))}`, true, undefined, 'network');
}

/**
 * The CRM v3 calls the connector makes, through Node's fetch with a timeout on each. The account's token goes only
 * into the Authorization header; nothing here logs.
 */
@Injectable()
export class HubSpotApiClient {
  constructor(@Inject(PLUGIN_OPTIONS) private readonly options: HubSpotOptions) {}

  /** The oldest object whose property equals the value (`POST /crm/v3/objects/{type}/search`), if any. */
  async findBy(account: HubSpotAccount, type: HubSpotObjectType, propertyName: string, value: string, properties: string[]): Promise<HubSpotObject | undefined> {
    const answer = await this.call<{ total: number; results: HubSpotObject[] }>(account, 'POST', `/crm/v3/objects/${type}/search`, `searching ${type}`, {
      filterGroups: [{ filters: [{ propertyName, operator: 'EQ', value }] }],
      sorts: [{ propertyName: 'createdate', direction: 'ASCENDING' }],
      properties,
      limit: 1,
    });
    return answer?.results[0];
  }

  /** `POST /crm/v3/objects/{type}`, with associations made in the same call. */
  async create(account: HubSpotAccount, type: HubSpotObjectType, properties: Record<string, string>, associations: HubSpotAssociation[] = []): Promise<HubSpotObject> {
    const created = await this.call<HubSpotObject>(account, 'POST', `/crm/v3/objects/${type}`, `creating a ${type.slice(0, -1)}`, { properties, associations });
    if (typeof created?.id !== 'string') throw new CrmSyncError(`HubSpot API created a ${type.slice(0, -1)} without answering its id`, false, undefined, 'no_id');
    return created;
  }

  /** `PATCH /crm/v3/objects/{type}/{id}`; false when HubSpot has no such object (deleted or merged away). */
  async update(account: HubSpotAccount, type: HubSpotObjectType, id: string, properties: Record<string, string>): Promise<boolean> {
    try {
      await this.call(account, 'PATCH', `/crm/v3/objects/${type}/${encodeURIComponent(id)}`, `updating a ${type.slice(0, -1)}`, { properties });
      return true;
    } catch (error) {
      if (error instanceof CrmSyncError && error.providerCode === 'OBJECT_NOT_FOUND') return false;
      throw error;
    }
  }

  private async call<T>(account: HubSpotAccount, method: string, path: string, what: string, body: unknown): Promise<T | undefined> {
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.options.apiBaseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${account.accessToken}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw networkError(error, what);
    }
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      // HubSpot names a missing object's category OBJECT_NOT_FOUND; a proxy's bare 404 is read the same way.
      if (response.status === 404 && !(parsed as { category?: unknown } | undefined)?.category) parsed = { category: 'OBJECT_NOT_FOUND', message: 'Not found' };
      throw classifyHubSpotError(response.status, parsed, response.headers);
    }
    return parsed as T | undefined;
  }
}
