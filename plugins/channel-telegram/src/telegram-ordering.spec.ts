import { CatalogCsvService, importDemoMenu, StoreService } from '@parley/core';
import { type FakeServer, startFakeServer } from '@parley/testing';
import { stripeApi } from '../../payments-stripe/src/fake-stripe-api.testing';
import { callbackQueryUpdate, inlineButtons, locationUpdate, type SentTelegramMessage, sentText, textUpdate } from './fake-bot-api.testing';
import { type TelegramTestApp, telegramTestApp } from './telegram-app.testing';

/**
 * The demo pizzeria taking an order over Telegram end to end, with the same ordering assistant as on WhatsApp:
 * verified updates in, the real plugin and core, answers out to the loopback fake Bot API, the payment link from a
 * loopback fake of Stripe through the official client.
 */
describe('ordering from the demo pizzeria over Telegram (PostgreSQL)', () => {
  let stripe: FakeServer;
  let app: TelegramTestApp;

  beforeAll(async () => {
    stripe = await startFakeServer(stripeApi());
    app = await telegramTestApp({
      env: { PUBLIC_URL: 'https://pizza.example.com' },
      plugins: [
        {
          package: '@parley/plugin-payments-stripe',
          options: { secretKey: 'sk_test_telegram', webhookSecret: 'whsec_telegram', apiHost: '127.0.0.1', apiPort: stripe.port, apiProtocol: 'http' },
        },
      ],
    });
    const [roma] = app.stores;
    await app.t.get(StoreService).updateSettings(roma.id, { currency: 'EUR', timeZone: 'Europe/Rome', latitude: 41.8992, longitude: 12.4731 });
    await importDemoMenu(app.t.get(CatalogCsvService), roma.id);
    await app.t.graphql('mutation { createDeliveryZone(input: { name: "3 km", radiusMeters: 3000, feeAmount: 250 }) { id } }', {}, roma.ownerKey);
  });
  afterAll(async () => {
    await app?.close();
    await stripe?.close();
  });

  // A real Telegram user id: ten digits, which is no phone number.
  const customer = 5_830_012_345;
  const say = (text: string, expected = 1) => app.answersTo(customer, textUpdate({ chatId: customer, text, firstName: 'Giulia', lastName: 'Rossi' }), expected);
  /** Taps the button titled `title` (or starting so) of the keyboard on `message`, as the customer would. */
  const tap = (message: SentTelegramMessage, title: string, expected = 1) => {
    const button = inlineButtons(message).find((candidate) => candidate.text === title || candidate.text.startsWith(`${title} ·`));
    if (!button?.callback_data) throw new Error(`No button "${title}" in ${JSON.stringify(inlineButtons(message))}`);
    return app.answersTo(customer, callbackQueryUpdate({ chatId: customer, data: button.callback_data, message }), expected);
  };
  const titles = (message: SentTelegramMessage) => inlineButtons(message).map((button) => button.text);
  const textOf = (messages: SentTelegramMessage[]) => messages.map(sentText).join('\n');

  it('takes an order with delivery to a shared location and a Stripe payment link, in Telegram messages and buttons', async () => {
    const hello = await say('/start');
    expect(textOf(hello)).toContain('Welcome to Store pizzeria-roma');

    const [menu] = await say('menu');
    expect(menu).toMatchObject({ botId: '7001', chatId: customer, method: 'sendMessage' });
    expect(titles(menu)).toEqual(expect.arrayContaining([expect.stringMatching(/^Pizzas · \d+$/)]));
    const [pizzas] = await tap(menu, 'Pizzas');
    expect(titles(pizzas)).toContain('Margherita · €7.00');

    const added = await say('2 large margheritas with extra mozzarella and 1 coke');
    expect(textOf(added)).toContain('2 × Margherita (large, Extra mozzarella)');
    expect(textOf(added)).toContain('Which Coca-Cola?');
    const both = await tap(added.at(-1)!, '33 cl can');
    expect(textOf(both)).toContain('1 × Coca-Cola (33 cl can)');
    expect(textOf(both)).toContain('€27.50');

    const [checkout] = await tap(both.at(-1)!, 'Checkout');
    expect(titles(checkout)).toEqual(['Delivery', 'Pickup']);
    const [where] = await tap(checkout, 'Delivery');
    // Telegram's way to ask for a location: a reply keyboard button that shares it.
    expect(where.params.reply_markup).toMatchObject({ keyboard: [[{ request_location: true }]], one_time_keyboard: true });

    const [payment] = await app.answersTo(customer, locationUpdate({ chatId: customer, latitude: 41.9, longitude: 12.48 }));
    // 27.50 and 2.50 for delivery
    expect(sentText(payment)).toContain('Total: €30.00');
    expect(titles(payment)).toEqual(['Pay online', 'Cash on delivery']);

    const [link] = await tap(payment, 'Pay online');
    expect(sentText(link)).toContain('Order #1001 is almost done: please pay €30.00');
    expect(inlineButtons(link)).toEqual([{ text: 'Pay now', url: expect.stringContaining('checkout') }]);
    // Every tap was answered, once.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const taps = app.api.calls.filter((call) => call.method === 'answerCallbackQuery').map((call) => call.params.callback_query_id);
    expect(taps).toHaveLength(5);
    expect(new Set(taps).size).toBe(5);

    const orders = await app.t.graphql<{ orders: { nodes: { status: string; channel: string; customerName: string; customerPhone: string | null; fulfilment: { type: string; address: string } }[] } }>(
      '{ orders(first: 1) { nodes { status channel customerName customerPhone fulfilment { type address } } } }',
      {},
      app.stores[0].ownerKey,
    );
    expect(orders.data!.orders.nodes[0]).toEqual({
      status: 'awaiting_payment',
      channel: 'telegram',
      customerName: 'Giulia Rossi',
      // A Telegram chat id is not a phone number the store could call.
      customerPhone: null,
      fulfilment: { type: 'delivery', address: '41.9, 12.48' },
    });

    const [status] = await say('where is my order');
    expect(inlineButtons(status)).toEqual([{ text: 'Pay now', url: expect.stringContaining('checkout') }]);
  });
});
