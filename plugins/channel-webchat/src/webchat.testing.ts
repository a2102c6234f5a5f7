import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { CatalogCsvService, importDemoMenu, StoreService } from '@parley/core';
import { createTestApp, type TestApp, type TestAppOptions } from '@parley/testing';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { WebchatOptions } from './webchat-options';

export const WEBCHAT_PLUGIN = resolve(__dirname, 'webchat.plugin.ts');

/** The platform with the web chat plugin and the demo pizzeria's menu in its test store. */
export async function webchatTestApp(options: Partial<WebchatOptions> = {}, app: TestAppOptions = {}): Promise<TestApp> {
  const t = await createTestApp({ ...app, plugins: [{ package: WEBCHAT_PLUGIN, options }] });
  try {
    await t.get(StoreService).updateSettings(t.store.id, { currency: 'EUR', timeZone: 'Europe/Rome', defaultLanguage: 'en' });
    await importDemoMenu(t.get(CatalogCsvService), t.store.id);
  } catch (error) {
    await t.close();
    throw error;
  }
  return t;
}

export const newVisitorId = () => randomBytes(24).toString('base64url');

export interface ShownMessage {
  id: string;
  author: 'visitor' | 'store';
  type: string;
  text: string | null;
  buttons: { id: string; title: string }[];
  rows: { id: string; title: string; description: string | null }[];
  url: string | null;
  label: string | null;
  at: string;
}

const FIELDS = '{ id author type text buttons { id title } rows { id title description } url label at }';

export interface Visitor {
  visitorId: string;
  client: Client;
  /** What the subscription delivered so far. */
  received: ShownMessage[];
  /** The subscription's errors, if it failed. */
  errors: unknown[];
  send(variables: { clientMessageId?: string; text?: string; replyId?: string; replyTitle?: string }): Promise<{ data?: { webchatSend: boolean } | null; errors?: { message: string; extensions?: { code?: string } }[] }>;
  history(last?: number): Promise<ShownMessage[]>;
  /** Waits until the subscription has delivered a message that matches, and returns it. */
  waitFor(match: (message: ShownMessage) => boolean, what: string): Promise<ShownMessage>;
  close(): Promise<void>;
}

/**
 * A web chat visitor over one graphql-ws connection, as a browser would connect: subscribed to its messages, sending
 * and reading its history on the same socket. `origin` is the Origin header a browser would send.
 */
export async function connectVisitor(t: TestApp, options: { store?: string; visitorId?: string; origin?: string } = {}): Promise<Visitor> {
  const store = options.store ?? t.store.slug;
  const visitorId = options.visitorId ?? newVisitorId();
  const origin = options.origin;
  class BrowserLikeSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, origin ? { origin } : {});
    }
  }
  const client = createClient({ url: `${t.url.replace('http', 'ws')}/graphql`, webSocketImpl: BrowserLikeSocket, retryAttempts: 0, lazy: false });
  const received: ShownMessage[] = [];
  const errors: unknown[] = [];
  const subscribed = new Promise<void>((ready) => {
    client.on('connected', () => ready());
  });
  client.subscribe<{ webchatMessages: ShownMessage }>(
    { query: `subscription($store: String!, $visitorId: String!) { webchatMessages(store: $store, visitorId: $visitorId) ${FIELDS} }`, variables: { store, visitorId } },
    {
      next: (result) => (result.data ? received.push(result.data.webchatMessages) : errors.push(...(result.errors ?? []))),
      error: (error) => errors.push(error),
      complete: () => undefined,
    },
  );
  const request = <T>(query: string, variables: Record<string, unknown>) =>
    new Promise<{ data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] }>((done) => {
      client.subscribe<T>({ query, variables }, { next: (result) => done(result as never), error: (error) => done({ errors: error as never }), complete: () => undefined });
    });
  await subscribed;
  // As the widget does: the history, asked after subscribing, is answered once the subscription is in place (it
  // needs a database round trip, the subscription none), so nothing sent from now on is missed.
  await request(`query($store: String!, $visitorId: String!) { webchatHistory(store: $store, visitorId: $visitorId, last: 1) { id } }`, { store, visitorId });
  let sequence = 0;
  return {
    visitorId,
    client,
    received,
    errors,
    send: ({ clientMessageId, ...content }) => {
      sequence += 1;
      return request(
        'mutation($store: String!, $visitorId: String!, $clientMessageId: String!, $text: String, $replyId: String, $replyTitle: String) { webchatSend(store: $store, visitorId: $visitorId, clientMessageId: $clientMessageId, text: $text, replyId: $replyId, replyTitle: $replyTitle) }',
        { store, visitorId, clientMessageId: clientMessageId ?? `m${sequence}-${randomBytes(4).toString('hex')}`, ...content },
      );
    },
    history: async (last) => {
      const result = await request<{ webchatHistory: ShownMessage[] }>(
        `query($store: String!, $visitorId: String!, $last: Int) { webchatHistory(store: $store, visitorId: $visitorId, last: $last) ${FIELDS} }`,
        { store, visitorId, last },
      );
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      return result.data!.webchatHistory;
    },
    waitFor: async (match, what) => {
      await until(() => received.some(match), 15_000).catch(() => {
        throw new Error(`No message ${what} arrived. Received:\n${received.map(describeMessage).join('\n')}\nErrors: ${JSON.stringify(errors)}`);
      });
      return received.find(match)!;
    },
    close: () => client.dispose() as Promise<void>,
  };
}

export async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Still waiting after ${timeoutMs} ms for ${check.toString()}`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 20));
  }
}

/** A message as one line: its text and the titles of its choices. */
export function describeMessage(message: ShownMessage): string {
  const choices = [...message.buttons, ...message.rows].map((choice) => choice.title);
  return `${message.author}: ${message.text ?? ''}${choices.length ? ` [${choices.join('|')}]` : ''}${message.url ? ` ${message.url}` : ''}`;
}
