import { resolve } from 'node:path';
import { type ChannelConformanceDriver, runChannelConformance } from '@parley/testing';
import { botApiErrors, callbackQueryUpdate, type FakeBotApi, pollUpdate, sentText, startFakeBotApi, textUpdate, type Update, webhookRequest } from './fake-bot-api.testing';
import { BOTS } from './telegram-app.testing';

const [BOT] = BOTS;

/** A payload of one update to the bot, keyed as the plugin stores it: `<bot id>:<update_id>`. */
const inbound = (update: Update) => ({ body: JSON.stringify(update), providerMessageId: `${BOT.botId}:${update.update_id}` });

/** Telegram's Bot API, through the loopback fake and the updates as Telegram documents them. */
const telegramDriver: ChannelConformanceDriver<FakeBotApi> = {
  channel: 'telegram',
  webhookPath: `/webhooks/telegram/${BOT.botId}`,
  startProvider: () => startFakeBotApi({ tokens: [BOT.token] }),
  plugin: (api, storeSlug) => ({
    package: resolve(__dirname, 'telegram.plugin.ts'),
    options: { apiBaseUrl: api.url, bots: [{ storeSlug, token: BOT.token, secretToken: BOT.secretToken }] },
  }),
  // Private chats have the user's id: positive, up to 52 bits.
  newCustomer: () => String(5_000_000_000 + Math.floor(Math.random() * 1e9)),
  textMessage: (customer, text) => inbound(textUpdate({ chatId: Number(customer), text })),
  buttonReply: (customer, button) => inbound(callbackQueryUpdate({ chatId: Number(customer), data: button.id })),
  unknownMessage: (customer) => inbound(pollUpdate({ chatId: Number(customer), question: 'Pineapple on pizza?' })),
  signed: (body) => webhookRequest(BOT.secretToken, body).headers,
  badlySigned: (body) => webhookRequest(BOTS[1].secretToken, body).headers,
  unsigned: () => ({ 'content-type': 'application/json' }),
  // No statusUpdate: bots learn nothing of delivery or reading.
  rateLimitOnce: (api, customer) => {
    api.failFor(customer, botApiErrors.tooManyRequests(1), 1);
    const sends = () => api.calls.filter((call) => call.method.startsWith('send') && String(call.params.chat_id) === customer).length;
    return { served: () => sends() > api.sent.filter((message) => String(message.chatId) === customer).length };
  },
  sentTo: (api, customer) =>
    api.sent.filter((message) => String(message.chatId) === customer).map((message) => ({ type: message.method, text: sentText(message) })),
};

describe('Telegram channel conformance (PostgreSQL, BullMQ on Redis)', () => {
  it('passes every case that applies to Telegram', async () => {
    const report = await runChannelConformance(telegramDriver);
    report.assertAllPassed();
    // Telegram reports no delivery statuses and has no customer-service window.
    expect(report.results.filter((result) => result.outcome === 'not applicable').map((result) => result.id)).toEqual(['statuses-out-of-order', 'expired-window']);
    expect(report.results.filter((result) => result.outcome === 'passed')).toHaveLength(8);
  }, 180_000);
});
