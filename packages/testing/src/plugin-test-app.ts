import { ApiKeyService, JobQueueService, pendingSchemaChanges } from '@parley/core';
import { type ApiKeyRole, type DomainEvent, type DomainEvents, type DomainEventType, EventBus, type PluginDefinition } from '@parley/plugin-sdk';
import { type ChatCustomer, chatCustomer, RECORDING_CHANNEL_PLUGIN } from './chat';
import { eventually } from './eventually';
import { recordedSends } from './recording-channel.plugin';
import { createTestApp, type GraphQLResponse, type PluginDefinitionEntry, type TestApp } from './test-app';
import { scratchDatabase, type TestDatabase } from './test-databases';

/** A plugin to load: its definition (the default export of its `*.plugin.ts`) or a package name or path, with options. */
export interface PluginUnderTest {
  plugin: PluginDefinition | string;
  options?: unknown;
}

export interface PluginTestAppOptions {
  /** `postgres` (TEST_DATABASE_URL) or `sqlite`; run both with `describe.each(DATABASES)`. */
  database: TestDatabase;
  plugins: PluginUnderTest[];
  /**
   * The recording channel `test` customers chat through (`customer()`), with its settings (`windowHours`, `buttons`,
   * ...). On unless `false`.
   */
  recordingChannel?: Record<string, unknown> | false;
  /** BullMQ on the test Redis instead of the database queue. */
  redis?: boolean;
  env?: Record<string, string>;
  /** The test store's slug, for plugins whose options name their store (`storeSlug`); random by default. */
  storeSlug?: string;
}

export interface PluginTestApp extends TestApp {
  /** A customer writing to the store through the recording channel: `say()` returns what the platform answered. */
  customer(options?: { name?: string; channelUserId?: string }): ChatCustomer;
  /** Publishes a domain event as the core would after a commit, and waits until every handler has run. */
  publish<T extends DomainEventType>(type: T, payload: DomainEvents[T]): Promise<void>;
  /** The next event of a type (that `matches`, if given): call it before the action, await it after. */
  nextEvent<T extends DomainEventType>(type: T, matches?: (payload: DomainEvents[T]) => boolean, timeoutMs?: number): Promise<DomainEvent<T>>;
  /** GraphQL with a key of the test store for that role (made on first use). */
  graphqlAs<T = Record<string, unknown>>(role: ApiKeyRole, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  /** Waits until no job is waiting, running or waiting to retry, on every queue, and event handlers have run. */
  jobsSettled(timeoutMs?: number): Promise<void>;
  /**
   * An order staff place for a customer of the recording channel, one of each SKU (variants the test created), for
   * pickup and paid at pickup; resolves with its id. For plugins that react to orders and payments.
   */
  placeOrder(customer: { channelUserId: string }, skus: string[]): Promise<string>;
}

/**
 * Boots the real platform with the plugins under test on a fresh database, with a store and its owner key, and the
 * recording channel for customers to chat through. Close it with `close()` (the database is dropped).
 */
export async function createPluginTestApp(options: PluginTestAppOptions): Promise<PluginTestApp> {
  const plugins = options.plugins.map(({ plugin, options: pluginOptions }) =>
    typeof plugin === 'string' ? { package: plugin, options: pluginOptions ?? {} } : ({ definition: plugin, options: pluginOptions } satisfies PluginDefinitionEntry),
  );
  const recording = options.recordingChannel === false ? [] : [{ package: RECORDING_CHANNEL_PLUGIN, options: { channel: 'test', ...options.recordingChannel } }];
  const { database, redis, env, storeSlug } = options;
  const t = await createTestApp({ database, redis, env, storeSlug, plugins: [...recording, ...plugins] });
  recordedSends.sent.length = 0;
  recordedSends.failures.length = 0;

  const keys = new Map<ApiKeyRole, Promise<string>>([['owner', Promise.resolve(t.ownerKey)]]);
  const keyFor = (role: ApiKeyRole) => {
    const key = keys.get(role) ?? t.get(ApiKeyService).create(t.store.id, { name: `test ${role}`, role }).then(({ secret }) => secret);
    keys.set(role, key);
    return key;
  };
  const unsettledJobs = async () => {
    const counts = Object.values(await t.get(JobQueueService).counts());
    return counts.reduce((sum, count) => sum + count.waiting + count.active + count.delayed, 0);
  };

  return Object.assign(t, {
    customer: (customer: { name?: string; channelUserId?: string } = {}) => chatCustomer(t, customer),
    async publish<T extends DomainEventType>(type: T, payload: DomainEvents[T]) {
      await t.get(EventBus).publish(type, payload);
      await t.settled();
    },
    nextEvent<T extends DomainEventType>(type: T, matches: (payload: DomainEvents[T]) => boolean = () => true, timeoutMs = 15_000) {
      return new Promise<DomainEvent<T>>((resolve, reject) => {
        const timer = setTimeout(() => {
          unsubscribe();
          reject(new Error(`No ${type} event within ${timeoutMs} ms`));
        }, timeoutMs);
        const unsubscribe = t.get(EventBus).subscribe(type, (event) => {
          if (!matches(event.payload)) return;
          clearTimeout(timer);
          unsubscribe();
          resolve(event);
        });
      });
    },
    async graphqlAs<T>(role: ApiKeyRole, query: string, variables?: Record<string, unknown>) {
      return t.graphql<T>(query, variables, await keyFor(role));
    },
    async placeOrder(customer: { channelUserId: string }, skus: string[]) {
      const ok = async <T>(query: string, variables: Record<string, unknown>) => {
        const result = await t.graphql<T>(query, variables, await keyFor('staff'));
        if (result.errors) throw new Error(`placeOrder: ${result.errors.map((error) => error.message).join('; ')}`);
        return result.data!;
      };
      const { createCart } = await ok<{ createCart: { id: string } }>('mutation($ref: String!) { createCart(input: { customerRef: $ref, channel: "test" }) { id } }', {
        ref: `test:${customer.channelUserId}`,
      });
      for (const sku of skus) await ok('mutation($c: ID!, $sku: String!) { addCartLine(cartId: $c, input: { sku: $sku }) { id } }', { c: createCart.id, sku });
      await ok('mutation($c: ID!) { setCartPickup(cartId: $c) { id } }', { c: createCart.id });
      const { placeOrder } = await ok<{ placeOrder: { id: string } }>('mutation($c: ID!) { placeOrder(cartId: $c, paymentMethod: "pay_at_pickup") { id } }', { c: createCart.id });
      return placeOrder.id;
    },
    async jobsSettled(timeoutMs = 15_000) {
      const settled = async () => {
        await t.settled();
        // Twice in a row: a job that just finished may have added the next.
        return (await unsettledJobs()) === 0 && (await unsettledJobs()) === 0;
      };
      await eventually(settled, 'the job queues to settle', timeoutMs);
    },
  });
}

/**
 * What the plugin's migrations leave undone for its own tables (those whose name starts with `tablePrefix`), on an
 * empty database of that kind: `[]` when they create exactly what its entities describe. Otherwise the SQL printed
 * is what a migration should hold.
 */
export async function pendingPluginTableChanges(database: TestDatabase, plugin: PluginDefinition, tablePrefix: string): Promise<string[]> {
  const scratch = await scratchDatabase(database);
  try {
    const changes = await pendingSchemaChanges(scratch.database, [plugin]);
    return changes.upQueries.map((query) => query.query).filter((query) => query.includes(`"${tablePrefix}`));
  } finally {
    await scratch.drop();
  }
}
