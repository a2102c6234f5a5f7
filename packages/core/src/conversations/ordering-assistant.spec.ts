import { chatCustomer, createTestApp, DATABASES, RECORDING_CHANNEL_PLUGIN, recordedSends, type TestApp } from '@parley/testing';
import type { OutboundContent } from '@parley/plugin-sdk';
import { CatalogCsvService } from '../catalog/csv';
import { importDemoMenu } from '../catalog/demo/demo-menu';
import { DataSource } from 'typeorm';
import { Conversation } from './conversation.entity';
import { StoreService } from '../stores/store.service';
import { WhenClosed } from '../stores/store.entity';

/** Every text of a set of answers, with the titles of the choices offered. */
function textOf(replies: OutboundContent[]): string {
  return replies
    .map((reply) => {
      switch (reply.type) {
        case 'buttons':
          return `${reply.text} [${reply.buttons.map((button) => button.title).join('|')}]`;
        case 'list':
          return `${reply.text} [${reply.sections.flatMap((section) => section.rows.map((row) => row.title)).join('|')}]`;
        case 'payment_link':
          return `${reply.text} ${reply.url}`;
        case 'text':
        case 'location_request':
          return reply.text;
        default:
          return `[${reply.type}]`;
      }
    })
    .join('\n');
}

/** The id of the offered choice with this title. */
function choice(replies: OutboundContent[], title: string): string {
  for (const reply of replies) {
    const options = reply.type === 'buttons' ? reply.buttons : reply.type === 'list' ? reply.sections.flatMap((section) => section.rows) : [];
    const found = options.find((option) => option.title === title);
    if (found) return found.id;
  }
  throw new Error(`No choice "${title}" in: ${textOf(replies)}`);
}

const reply = (id: string, title = id) => ({ type: 'reply' as const, id, title });

async function demoStore(t: TestApp) {
  await t.get(StoreService).updateSettings(t.store.id, { currency: 'EUR', timeZone: 'Europe/Rome', defaultLanguage: 'en' });
  await importDemoMenu(t.get(CatalogCsvService), t.store.id);
}

describe.each(DATABASES)('the ordering assistant on %s', (database) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ database, plugins: [{ package: RECORDING_CHANNEL_PLUGIN, options: { channel: 'test' } }] });
    await demoStore(t);
  });
  afterAll(() => t?.close());
  beforeEach(() => {
    recordedSends.sent.length = 0;
    recordedSends.failures.length = 0;
  });

  it('takes an order from greeting to confirmation, asking only for what is missing', async () => {
    const customer = chatCustomer(t, { name: 'Giulia Rossi' });
    const hello = await customer.say('hi');
    expect(textOf(hello)).toContain('Welcome to');
    expect(textOf(hello)).toMatch(/Pizzas\|Sides/);

    const pizzas = await customer.say('2 large margheritas with extra mozzarella');
    expect(textOf(pizzas)).toContain('2 × Margherita (large, Extra mozzarella)');
    // 2 × (11.00 + 1.50)
    expect(textOf(pizzas)).toContain('€25.00');

    // Garlic bread needs a sauce: the assistant asks, and "2" picks the second one offered.
    const bread = await customer.say('1 garlic bread');
    expect(textOf(bread)).toContain('For the Garlic bread: Choose a sauce');
    const sauce = await customer.say('2');
    expect(textOf(sauce)).toContain('1 × Garlic bread (Spicy tomato)');
    expect(textOf(sauce)).toContain('€29.50');

    const cart = await customer.say('remove the garlic bread');
    expect(textOf(cart)).toContain('Removed Garlic bread');
    expect(textOf(cart)).not.toContain('Garlic bread (');

    // No delivery zones: pickup it is.
    const checkout = await customer.say('checkout');
    expect(textOf(checkout)).toContain('When would you like to pick it up?');
    const pay = await customer.say(reply(choice(checkout, 'As soon as possible')));
    expect(textOf(pay)).toContain('Total: €25.00');
    const confirmed = await customer.say(reply(choice(pay, 'Pay at pickup')));
    expect(textOf(confirmed)).toMatch(/Order #1001 \(€25\.00\) is confirmed\. Follow it here: http\S+\/t\/[A-Z0-9]+/);

    const orders = await t.graphql<{ orders: { nodes: { channel: string; customerName: string; totals: { total: { amount: number } }; lines: { sku: string; quantity: number }[] }[] } }>(
      '{ orders(first: 5) { nodes { channel customerName totals { total { amount } } lines { sku quantity } } } }',
    );
    expect(orders.data!.orders.nodes).toEqual([
      { channel: 'test', customerName: 'Giulia Rossi', totals: { total: { amount: 2500 } }, lines: [{ sku: 'PIZ-MARG-L', quantity: 2 }] },
    ]);

    const status = await customer.say('where is my order?');
    expect(textOf(status)).toMatch(/Order #1001: received\. Follow it here: .*\/t\//);
    const again = await customer.say('same again');
    expect(textOf(again)).toContain('Same as last time:\n2 × Margherita (large, Extra mozzarella): €25.00');
  });

  it('understands Spanish and answers in it from then on', async () => {
    const customer = chatCustomer(t);
    const added = await customer.say('dos margaritas grandes');
    expect(textOf(added)).toContain('Añadido a tu pedido');
    expect(textOf(added)).toContain('2 × Margarita');
    const cart = await customer.say('carrito');
    expect(textOf(cart)).toContain('Tu pedido');
  });

  it('offers a person after two messages it does not understand, and stays silent while staff answer', async () => {
    const customer = chatCustomer(t);
    expect(textOf(await customer.say('qwertyuiop asdf'))).toContain("didn't get that");
    const second = await customer.say('zxcvb nm');
    expect(textOf(second)).toContain('Would you like to talk to a person?');
    expect(textOf(await customer.say(reply(choice(second, 'Talk to a person'))))).toContain('a member of our team');

    const waiting = await t.graphql<{ conversations: { nodes: { id: string; status: string; channelUserId: string; unreadCount: number }[] } }>(
      '{ conversations(status: waiting_for_staff) { nodes { id status channelUserId unreadCount } } }',
    );
    const conversation = waiting.data!.conversations.nodes.find((node) => node.channelUserId === customer.channelUserId)!;
    expect(conversation.status).toBe('waiting_for_staff');

    // While staff have it, the assistant says nothing, and staff see the message as unread.
    expect(await customer.say('hello? anyone?')).toEqual([]);
    const sent = await t.graphql<{ sendMessage: { text: string; author: string } }>(
      'mutation($id: ID!) { sendMessage(conversationId: $id, input: { text: "Hi, Marco here. How can I help?" }) { text author } }',
      { id: conversation.id },
    );
    expect(sent.data!.sendMessage).toEqual({ text: 'Hi, Marco here. How can I help?', author: 'staff' });
    expect(textOf(customer.received().slice(-1).map((message) => message.content))).toBe('Hi, Marco here. How can I help?');
    expect(await customer.say('menu please')).toEqual([]);

    const history = await t.graphql<{ conversation: { status: string; unreadCount: number; messages: { nodes: { author: string; text: string }[] } } }>(
      '{ conversation(id: "' + conversation.id + '") { status unreadCount messages(first: 3) { nodes { author text } } } }',
    );
    expect(history.data!.conversation.status).toBe('with_staff');
    expect(history.data!.conversation.unreadCount).toBe(1);
    expect(history.data!.conversation.messages.nodes.map((node) => node.author)).toEqual(['customer', 'staff', 'customer']);

    await t.graphql('mutation($id: ID!) { handBackConversation(id: $id) { status } }', { id: conversation.id });
    expect(textOf(await customer.say('menu'))).toContain('What are you in the mood for?');
  });

  it('speaks the language the customer asks for, from then on', async () => {
    const customer = chatCustomer(t);
    expect(textOf(await customer.say('français'))).toContain('Je vous parlerai en français désormais.');
    expect(textOf(await customer.say('menu'))).toContain("Qu'est-ce qui vous ferait plaisir ?");
    expect(textOf(await customer.say('nederlands'))).toContain('Ik spreek vanaf nu Nederlands.');
    expect(textOf(await customer.say('1 tiramisu'))).toContain('Toegevoegd aan je bestelling');
  });

  it('speaks again once staff have been silent for the store\'s timeout', async () => {
    const customer = chatCustomer(t);
    await customer.say('talk to a person');
    expect(await customer.say('hello?')).toEqual([]);
    // Staff took it and then went quiet for longer than the store's 30 minutes.
    await t.get(DataSource).getRepository(Conversation).update({ channelUserId: customer.channelUserId }, { staffSince: new Date(Date.now() - 31 * 60_000) });
    expect(textOf(await customer.say('menu'))).toContain('What are you in the mood for?');
  });

  it('honours STOP at once and START again', async () => {
    const customer = chatCustomer(t);
    expect(textOf(await customer.say('stop'))).toContain("You won't receive any more messages");
    expect(await customer.say('menu')).toEqual([]);
    expect(textOf(await customer.say('start'))).toContain('Welcome back');
    expect(textOf(await customer.say('menu'))).toContain('What are you in the mood for?');
  });

  it('turns a catalog cart into an order at catalog prices, whatever price the message says', async () => {
    const customer = chatCustomer(t);
    const replies = await customer.say({
      type: 'cart',
      catalogId: 'cat-1',
      items: [
        { productRetailerId: 'DRI-COKE-CAN', quantity: 3, itemPrice: 1, currency: 'EUR' },
        { productRetailerId: 'NOT-A-SKU', quantity: 1 },
      ],
    });
    expect(textOf(replies)).toContain('couldn\'t find "NOT-A-SKU"');
    expect(textOf(replies)).toContain('When would you like to pick it up?');
    const pay = await customer.say(reply('act:asap'));
    expect(textOf(pay)).toContain('Total: €7.50');
  });

  it('opens the product a customer asked about from its product view', async () => {
    const customer = chatCustomer(t);
    const replies = await customer.say('I want this', { referredProductId: 'DES-TIRA' });
    expect(textOf(replies)).toContain('1 × Tiramisu');
  });

  it('answers questions about the store', async () => {
    await t.get(StoreService).updateSettings(t.store.id, { faq: { allergens: 'All pizzas contain gluten and milk.' } });
    const customer = chatCustomer(t);
    expect(textOf(await customer.say('do you have allergens info?'))).toContain('All pizzas contain gluten and milk.');
    expect(textOf(await customer.say('opening hours'))).toContain('We take orders at any time.');
  });

  it('when closed, says when it opens, and takes pre-orders only if the store wants them', async () => {
    const store = await t.createStore(`closed-${database}`);
    await demoStoreFor(t, store.id);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date());
    await t.get(StoreService).updateSettings(store.id, { closedDates: [today] });
    const customer = chatCustomer(t, { storeSlug: store.slug });
    expect(textOf(await customer.say('1 tiramisu'))).toMatch(/We're closed right now\. We open again \w+/);

    await t.get(StoreService).updateSettings(store.id, { whenClosed: WhenClosed.preorder });
    expect(textOf(await customer.say('1 tiramisu'))).toContain('1 × Tiramisu');
    const checkout = await customer.say('checkout');
    expect(textOf(checkout)).toContain('you can pre-order for pickup then');
    const pay = await customer.say(reply(choice(checkout, 'Pickup')));
    expect(textOf(pay)).toContain("We're closed right now, so this is a pre-order for pickup");
    const confirmed = await customer.say(reply(choice(pay, 'Pay at pickup')));
    expect(textOf(confirmed)).toContain('is confirmed');
  });
});

async function demoStoreFor(t: TestApp, storeId: string) {
  await t.get(StoreService).updateSettings(storeId, { currency: 'EUR', timeZone: 'Europe/Rome', defaultLanguage: 'en' });
  await importDemoMenu(t.get(CatalogCsvService), storeId);
}

describe('choices on a channel without buttons or lists', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ database: 'sqlite', plugins: [{ package: RECORDING_CHANNEL_PLUGIN, options: { channel: 'sms', buttons: false, lists: false } }] });
    await demoStore(t);
  });
  afterAll(() => t?.close());

  it('become a numbered text answered with a number or a letter', async () => {
    const customer = chatCustomer(t, { channel: 'sms' });
    const menu = await customer.say('menu');
    expect(menu).toEqual([{ type: 'text', text: expect.stringMatching(/What are you in the mood for\?\n\n1\. Pizzas \(\d+\)\n2\. Sides/) }]);
    const sides = await customer.say('2');
    expect(textOf(sides)).toContain('Sides: pick one');
    const fries = await customer.say('b');
    expect(textOf(fries)).toContain('Which Fries?');
  });
});
