import { pendingSchemaChanges, ReceivedMessage } from '@parley/core';
import { ExtensionRegistry } from '@parley/plugin-sdk';
import { answered, DATABASES, scratchDatabase, type TestApp } from '@parley/testing';
import { DataSource } from 'typeorm';
import { WebchatChannelAdapter } from './services/webchat-channel.adapter';
import { KEPT_PER_VISITOR, WebchatSessionsService } from './services/webchat-sessions.service';
import webchatPlugin from './webchat.plugin';
import { connectVisitor, describeMessage, newVisitorId, type ShownMessage, until, type Visitor, webchatTestApp } from './webchat.testing';

const SITE = 'https://pizzeria.example';

const choiceId = (message: ShownMessage, title: string) => [...message.buttons, ...message.rows].find((choice) => choice.title === title)!.id;

describe('the web chat on the platform (PostgreSQL)', () => {
  let t: TestApp;
  const visitors: Visitor[] = [];
  const visitor = async (options: Parameters<typeof connectVisitor>[1] = {}) => {
    const connected = await connectVisitor(t, options);
    visitors.push(connected);
    return connected;
  };

  beforeAll(async () => {
    t = await webchatTestApp({ allowedOrigins: [SITE] });
  });
  afterAll(async () => {
    await Promise.all(visitors.map((connected) => connected.close()));
    await t?.close();
  });

  it('registers its channel as "webchat", with buttons, lists and no product messages', () => {
    const adapter = t.get(ExtensionRegistry).get('channel', 'webchat');
    expect(adapter).toBeInstanceOf(WebchatChannelAdapter);
    expect(adapter.capabilities).toEqual({ buttons: { max: 3, titleLength: 40 }, lists: { rows: 10, titleLength: 40 }, productMessages: false, maxTextLength: 4096 });
  });

  it('takes a visitor from "hi" to a chosen section over one WebSocket, without an API key', async () => {
    const guest = await visitor({ origin: SITE });
    expect((await guest.send({ text: 'hi' })).data).toEqual({ webchatSend: true });

    const welcome = await guest.waitFor((message) => message.author === 'store' && /Pizzas/.test(describeMessage(message)), 'offering the sections');
    expect(guest.received.filter((message) => message.author === 'store').map(describeMessage).join('\n')).toContain('Welcome to');
    expect(describeMessage(welcome)).toMatch(/Pizzas.*\|Sides/);
    // The visitor's own message comes back too, for their other tabs.
    expect(guest.received[0]).toEqual(expect.objectContaining({ author: 'visitor', text: 'hi', type: 'text' }));

    await guest.send({ replyId: choiceId(welcome, 'Pizzas'), replyTitle: 'Pizzas' });
    const pizzas = await guest.waitFor((message) => message.author === 'store' && describeMessage(message).includes('Margherita'), 'listing the pizzas');
    expect(pizzas.rows.length + pizzas.buttons.length).toBeGreaterThan(1);
    expect(pizzas.rows.length).toBeLessThanOrEqual(10);
  });

  it('receives a message resent with the same clientMessageId once', async () => {
    const guest = await visitor();
    const first = await guest.send({ clientMessageId: 'resent-1', text: '1 tiramisu' });
    const again = await guest.send({ clientMessageId: 'resent-1', text: '1 tiramisu' });
    expect([first.data, again.data]).toEqual([{ webchatSend: true }, { webchatSend: true }]);
    await answered(t, 'webchat', `${t.store.slug}:${guest.visitorId}:resent-1`);

    const received = await t.get(DataSource).getRepository(ReceivedMessage).countBy({ channel: 'webchat', channelUserId: guest.visitorId });
    expect(received).toBe(1);
    // Both sends are echoed to the visitor's tabs as the one message kept, at the time it was first received.
    await until(() => guest.received.filter((message) => message.id === 'resent-1').length === 2);
    const [echo, echoAgain] = guest.received.filter((message) => message.id === 'resent-1');
    expect(echoAgain).toEqual(echo);
    const history = await guest.history();
    expect(history.filter((message) => message.author === 'visitor')).toHaveLength(1);
    expect(history.filter((message) => message.author === 'store').map(describeMessage).join('\n')).toContain('1 × Tiramisu');
  });

  it('keeps the conversation for a reload, oldest first, and relays it to every tab of the visitor', async () => {
    const tab = await visitor();
    const otherTab = await visitor({ visitorId: tab.visitorId });
    await tab.send({ clientMessageId: 'menu-1', text: 'menu' });
    await answered(t, 'webchat', `${t.store.slug}:${tab.visitorId}:menu-1`);
    await otherTab.waitFor((message) => message.author === 'store', 'in the other tab');
    expect(otherTab.received[0]).toEqual(expect.objectContaining({ author: 'visitor', id: 'menu-1', text: 'menu' }));

    const history = await tab.history();
    expect(history[0]).toEqual(expect.objectContaining({ author: 'visitor', id: 'menu-1', text: 'menu' }));
    expect(history.slice(1).every((message) => message.author === 'store')).toBe(true);
    expect(history.map((message) => message.at)).toEqual([...history.map((message) => message.at)].sort());
    expect(await tab.history(1)).toEqual([history[history.length - 1]]);
  });

  it('refuses what it cannot take, with errors that say why', async () => {
    const guest = await visitor();
    const badVisitor = await connectVisitor(t, { visitorId: 'short' });
    visitors.push(badVisitor);
    const refusedVisitor = await badVisitor.send({ text: 'hi' });
    expect(refusedVisitor.errors?.[0]).toEqual(
      expect.objectContaining({ message: 'visitorId must be 20 to 64 letters, digits, "-" or "_"', extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
    );
    await until(() => badVisitor.errors.length > 0);
    expect(JSON.stringify(badVisitor.errors)).toContain('visitorId must be 20 to 64');

    expect((await guest.send({ text: 'x'.repeat(4097) })).errors?.[0].message).toBe('text must be at most 4096 characters');
    expect((await guest.send({})).errors?.[0].message).toBe('Send either text or replyId');

    const stranger = await connectVisitor(t, { store: 'no-such-store' });
    visitors.push(stranger);
    const unknown = await stranger.send({ text: 'hi' });
    await until(() => stranger.errors.length > 0);
    expect(unknown.errors?.[0]).toEqual(expect.objectContaining({ message: 'Store no-such-store was not found', extensions: expect.objectContaining({ code: 'NOT_FOUND' }) }));
    expect(JSON.stringify(stranger.errors)).toContain('Store no-such-store was not found');

    // Another site's page may not open this store's chat; the platform's own hosted page and non-browser clients may.
    const elsewhere = await connectVisitor(t, { origin: 'https://copycat.example' });
    visitors.push(elsewhere);
    const forbidden = await elsewhere.send({ text: 'hi' });
    expect(forbidden.errors?.[0]).toEqual(expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }));
    expect(forbidden.errors?.[0].message).toContain('https://copycat.example');
    const hosted = await visitor({ origin: t.url });
    expect((await hosted.send({ text: 'hi' })).data).toEqual({ webchatSend: true });
  });

  it('serves the widget and the hosted page, and no page for an unknown store', async () => {
    const script = await t.http().get('/webchat/widget.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toBe('public, max-age=300');
    expect(script.text).toContain('var SETTINGS = {"title":"Chat with us","accentColor":"#c0392b"');
    const stylesheet = await t.http().get('/webchat/widget.css');
    expect(stylesheet.headers['content-type']).toBe('text/css; charset=utf-8');

    const page = await t.http().get(`/chat/${t.store.slug}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.text).toContain(`<script src="/webchat/widget.js" data-store="${t.store.slug}" data-mode="page" data-title="Store ${t.store.slug}" async>`);
    expect((await t.http().get('/chat/no-such-store')).status).toBe(404);
    expect((await t.http().get('/chat/Not%20a%20slug')).status).toBe(404);
  });
});

describe.each(DATABASES)('web chat storage on %s', (database) => {
  it('keeps the latest messages per visitor and ships migrations that match its entity', async () => {
    const t = await webchatTestApp({}, { database, runWorkers: false });
    try {
      const sessions = t.get(WebchatSessionsService);
      const visitorId = newVisitorId();
      const content = { type: 'text' as const, text: 'hello', buttons: [], rows: [], url: null, label: null };
      for (let i = 0; i < KEPT_PER_VISITOR + 5; i += 1) await sessions.deliver(t.store.slug, visitorId, `message-${i}`, { ...content, text: `hello ${i}` });
      await sessions.deliver(t.store.slug, visitorId, `message-${KEPT_PER_VISITOR + 4}`, content);
      const history = await sessions.history({ store: t.store.slug, visitorId }, 1000, {});
      expect(history).toHaveLength(KEPT_PER_VISITOR);
      expect(history[0].text).toBe('hello 5');
      expect(history[history.length - 1].text).toBe(`hello ${KEPT_PER_VISITOR + 4}`);
    } finally {
      await t.close();
    }

    const scratch = await scratchDatabase(database);
    try {
      const changes = await pendingSchemaChanges(scratch.database, [webchatPlugin]);
      // This plugin's table only: the core checks its own migrations.
      expect(changes.upQueries.map((query) => query.query).filter((query) => query.includes('webchat_'))).toEqual([]);
    } finally {
      await scratch.drop();
    }
  });
});

describe('web chat across processes', () => {
  it("relays an answer sent by one process to the visitor's connection on another, through Redis", async () => {
    const prefix = `wc${newVisitorId().slice(0, 8).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`;
    // Two processes of one installation: they share Redis (and so the cluster events), each its own test database.
    const sender = await webchatTestApp({}, { redis: true, env: { QUEUE_PREFIX: prefix } });
    const api = await webchatTestApp({}, { redis: true, runWorkers: false, env: { QUEUE_PREFIX: prefix } });
    try {
      const store = await api.createStore(sender.store.slug);
      const guest = await connectVisitor(api, { store: store.slug });
      await sender.get(WebchatChannelAdapter).send({
        messageId: 'from-the-worker',
        to: { storeId: sender.store.id, channelUserId: guest.visitorId, accountId: sender.store.slug },
        content: { type: 'buttons', text: 'Pick one', buttons: [{ id: 'a', title: 'A' }] },
      });
      const relayed = await guest.waitFor((message) => message.id === 'from-the-worker', 'from the other process');
      expect(relayed).toEqual(expect.objectContaining({ author: 'store', type: 'buttons', text: 'Pick one', buttons: [{ id: 'a', title: 'A' }] }));
      await guest.close();
    } finally {
      await Promise.all([sender.close(), api.close()]);
    }
  });
});
