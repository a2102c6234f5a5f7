import { randomUUID } from 'node:crypto';
import { type FakeReply, type FakeServer, type RecordedRequest, startFakeServer } from '@parley/testing';

// For tests only (excluded from the build, not exported from the plugin): a loopback stand-in for HubSpot's CRM v3
// API as far as the plugin uses it, answering with the documented shapes, with failures a test can script.

type Properties = Record<string, string | null>;

/** A CRM object as HubSpot keeps and answers it. */
export interface FakeObject {
  id: string;
  properties: Properties;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

/** A scripted answer. `afterApplying`: the request takes effect first, then this is answered (a lost answer). */
export type ScriptedReply = FakeReply & { afterApplying?: boolean };

export interface FakeHubSpotApi {
  /** Base URL for the plugin's `apiBaseUrl`. */
  url: string;
  /** Every request, in order. */
  requests: RecordedRequest[];
  contacts: Map<string, FakeObject>;
  deals: Map<string, FakeObject>;
  /** Deal-to-contact associations made, with their type id (3: HubSpot's deal to contact). */
  associations: { dealId: string; contactId: string; associationTypeId: number }[];
  /** A contact that exists in HubSpot before the test (made by the store's staff, a form, an import). */
  addContact(properties: Properties): FakeObject;
  /**
   * Answers the next requests (any route) with these replies, one each, before the normal behaviour; `'ok'` lets one
   * request through as usual: `failNext('ok', hubSpotErrors.serverError())` fails the second.
   */
  failNext(...replies: (ScriptedReply | 'ok')[]): void;
  /** Forgets requests, objects and scripted failures. */
  reset(): void;
  close(): Promise<void>;
}

const KNOWN_PROPERTIES: Record<string, string[]> = {
  contacts: ['firstname', 'lastname', 'phone', 'email'],
  deals: ['dealname', 'amount', 'deal_currency_code', 'pipeline', 'dealstage'],
};

/** An error answer as HubSpot sends it. */
export function hubSpotError(status: number, category: string, message: string, headers?: Record<string, string>): ScriptedReply {
  return { status, headers, body: { status: 'error', message, correlationId: randomUUID(), category } };
}

/** The failures the connector meets most, as HubSpot documents them. */
export const hubSpotErrors = {
  /** The account's burst limit; `retryAfterSeconds` adds a Retry-After header. */
  rateLimited: (retryAfterSeconds?: number) =>
    hubSpotError(429, 'RATE_LIMITS', 'You have reached your secondly limit.', retryAfterSeconds === undefined ? undefined : { 'retry-after': String(retryAfterSeconds) }),
  serverError: () => hubSpotError(500, 'INTERNAL_ERROR', 'internal error'),
  /** HubSpot down for a moment, saying when to come back. */
  unavailable: (retryAfterSeconds: number) => hubSpotError(503, 'SERVICE_UNAVAILABLE', 'Service Unavailable', { 'retry-after': String(retryAfterSeconds) }),
  badGateway: (): ScriptedReply => ({ status: 502, headers: { 'content-type': 'text/html' }, body: '<html><body>502 Bad Gateway</body></html>' }),
  unauthorized: () =>
    hubSpotError(401, 'INVALID_AUTHENTICATION', 'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview'),
};

/** What the connector sends: a search, or an object's properties with its associations. */
interface RequestBody {
  filterGroups?: { filters?: { propertyName: string; operator: string; value?: string }[] }[];
  properties?: unknown;
  limit?: number;
  associations?: { to: { id: string }; types: { associationCategory: string; associationTypeId: number }[] }[];
}

const now = () => new Date().toISOString();

function validationError(message: string): FakeReply {
  return hubSpotError(400, 'VALIDATION_ERROR', message);
}

/** Starts the fake. With `tokens`, any other bearer token is answered 401, as HubSpot does. */
export async function startFakeHubSpotApi(options: { tokens?: string[] } = {}): Promise<FakeHubSpotApi> {
  const contacts = new Map<string, FakeObject>();
  const deals = new Map<string, FakeObject>();
  const associations: FakeHubSpotApi['associations'] = [];
  const scripted: (ScriptedReply | 'ok')[] = [];
  let nextId = 501;

  const store = (type: string) => (type === 'contacts' ? contacts : type === 'deals' ? deals : undefined);

  const make = (objects: Map<string, FakeObject>, properties: Properties): FakeObject => {
    const id = String(nextId++);
    const at = now();
    const object = { id, properties: { ...properties, createdate: at, hs_object_id: id, lastmodifieddate: at }, createdAt: at, updatedAt: at, archived: false };
    objects.set(id, object);
    return object;
  };

  // Like HubSpot: a property the object type doesn't have, or an amount that is not a number, is refused whole.
  const invalid = (type: string, properties: unknown): string | undefined => {
    if (typeof properties !== 'object' || properties === null) return 'Invalid input JSON: properties must be an object';
    const unknown = Object.keys(properties).filter((name) => !KNOWN_PROPERTIES[type].includes(name));
    if (unknown.length) return `Property values were not valid: ${JSON.stringify(unknown.map((name) => ({ isValid: false, message: `Property "${name}" does not exist`, error: 'PROPERTY_DOESNT_EXIST', name })))}`;
    const amount = (properties as Properties).amount;
    if (amount !== undefined && !/^-?\d+(\.\d+)?$/.test(amount ?? '')) return `Property values were not valid: [{"isValid":false,"message":"${amount} was not a valid number.","error":"INVALID_FLOAT","name":"amount"}]`;
    return undefined;
  };

  const search = (objects: Map<string, FakeObject>, body: RequestBody): FakeReply => {
    const groups = body.filterGroups ?? [];
    if (groups.some((group) => (group.filters ?? []).some((filter) => filter.operator !== 'EQ'))) return validationError('This fake only knows the EQ operator');
    const matches = [...objects.values()].filter((object) => groups.length === 0 || groups.some((group) => (group.filters ?? []).every((filter) => object.properties[filter.propertyName] === filter.value)));
    const wanted = Array.isArray(body.properties) ? (body.properties as string[]) : [];
    const results = matches.slice(0, body.limit ?? 10).map((object) => ({
      ...object,
      properties: Object.fromEntries([...new Set([...wanted, 'createdate', 'hs_object_id', 'lastmodifieddate'])].map((name) => [name, object.properties[name] ?? null])),
    }));
    return { status: 200, body: { total: matches.length, results } };
  };

  const route = (request: RecordedRequest): FakeReply => {
    const token = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
    if (!token || (options.tokens && !options.tokens.includes(token))) return hubSpotErrors.unauthorized();
    const match = /^\/crm\/v3\/objects\/(contacts|deals)(?:\/(search|[^/?]+))?(?:\?.*)?$/.exec(request.url);
    const objects = match && store(match[1]);
    if (!match || !objects) return { status: 404, body: '' };
    const [, type, rest] = match;
    const body: RequestBody = request.body.length ? request.json<RequestBody>() : {};
    if (request.method === 'POST' && rest === 'search') return search(objects, body);
    if (request.method === 'POST' && rest === undefined) {
      const problem = invalid(type, body.properties);
      if (problem) return validationError(problem);
      const links = body.associations ?? [];
      const unknownContact = links.find((link) => !contacts.has(link.to.id));
      if (type === 'deals' && unknownContact) return validationError(`One or more association targets were not found: ${unknownContact.to.id}`);
      const created = make(objects, body.properties as Properties);
      for (const link of links) for (const kind of link.types) associations.push({ dealId: created.id, contactId: link.to.id, associationTypeId: kind.associationTypeId });
      return { status: 201, body: created };
    }
    if (request.method === 'PATCH' && rest !== undefined) {
      const existing = objects.get(decodeURIComponent(rest));
      if (!existing) return hubSpotError(404, 'OBJECT_NOT_FOUND', 'Object not found.  objectId are usually numeric.');
      const problem = invalid(type, body.properties);
      if (problem) return validationError(problem);
      Object.assign(existing.properties, body.properties, { lastmodifieddate: now() });
      existing.updatedAt = now();
      return { status: 200, body: existing };
    }
    return { status: 405, body: '' };
  };

  const server: FakeServer = await startFakeServer((request) => {
    const reply = scripted.shift();
    if (!reply || reply === 'ok') return route(request);
    if (reply.afterApplying) route(request);
    return reply;
  });

  return {
    url: server.url,
    requests: server.requests,
    contacts,
    deals,
    associations,
    addContact: (properties) => make(contacts, properties),
    failNext: (...replies) => void scripted.push(...replies),
    reset: () => {
      server.requests.length = 0;
      contacts.clear();
      deals.clear();
      associations.length = 0;
      scripted.length = 0;
    },
    close: () => server.close(),
  };
}
