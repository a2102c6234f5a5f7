import { CustomerMessages } from '@parley/plugin-sdk';
import { type ChatCustomer, createPluginTestApp, eventually, type PluginTestApp } from '@parley/testing';
import { DataSource } from 'typeorm';
import { ContactIdentity } from '../conversations/contact-identity.entity';
import { UnitOfWork } from '../database/unit-of-work';
import { Notification } from './notification.entity';

const textsOf = (customer: ChatCustomer) => customer.received().map((message) => ('text' in message.content ? (message.content.text ?? '') : ''));

describe("plugins' messages to customers (SQLite, database queue)", () => {
  let t: PluginTestApp;

  beforeAll(async () => {
    t = await createPluginTestApp({ database: 'sqlite', plugins: [], recordingChannel: { windowHours: 24 } });
    await t.graphql('mutation { createProduct(input: { name: "Tiramisu", variants: [{ sku: "TIRA", price: { amount: 550, currency: "EUR" } }] }) { id } }');
  });
  afterAll(() => t?.close());

  const send = (orderId: string, text: string) => t.get(UnitOfWork).run((tx) => t.get(CustomerMessages).send(tx, { storeId: t.store.id, orderId, text }));
  const pluginMessages = (orderId: string) => t.get(DataSource).getRepository(Notification).findBy({ orderId, event: 'plugin_message' });

  async function customerWithOrder() {
    const customer = t.customer({ name: 'Giulia' });
    await customer.say('hi');
    return { customer, orderId: await t.placeOrder(customer, ['TIRA']) };
  }

  it("sends the text in the order's chat, after the order's own notifications, once", async () => {
    const { customer, orderId } = await customerWithOrder();
    expect(await t.get(CustomerMessages).customerOf(t.store.id, orderId)).toEqual({ contactId: expect.any(String) });
    await send(orderId, 'Thanks for your tenth order!');
    await eventually(async () => (await pluginMessages(orderId))[0]?.status === 'sent', 'the message sent');
    await t.jobsSettled();
    const texts = textsOf(customer);
    expect(texts.filter((text) => text === 'Thanks for your tenth order!')).toHaveLength(1);
    expect(texts.indexOf('Thanks for your tenth order!')).toBeGreaterThan(texts.findIndex((text) => text.includes("We've received order")));
  });

  it('refuses an empty or overlong text with a clear error, and writes nothing', async () => {
    const { orderId } = await customerWithOrder();
    await expect(send(orderId, '   ')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: 'A customer message needs 1 to 4096 characters' });
    await expect(send(orderId, 'x'.repeat(4097))).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await pluginMessages(orderId)).toEqual([]);
  });

  it("is skipped, with the reason, outside the channel's customer-service window", async () => {
    const { customer, orderId } = await customerWithOrder();
    await t.get(DataSource).getRepository(ContactIdentity).update({ channelUserId: customer.channelUserId }, { lastCustomerMessageAt: new Date(Date.now() - 25 * 3600_000) });
    await send(orderId, 'Come back soon!');
    const skipped = await eventually(async () => (await pluginMessages(orderId)).find((row) => row.status === 'skipped'), 'the message skipped');
    expect(skipped.lastError).toBe("Outside the 24-hour window, where a plugin's message may not go");
    expect(textsOf(customer)).not.toContain('Come back soon!');
  });

  it('knows no customer for an order placed for someone who never wrote in a chat', async () => {
    const orderId = await t.placeOrder({ channelUserId: 'walk-in-7' }, ['TIRA']);
    expect(await t.get(CustomerMessages).customerOf(t.store.id, orderId)).toBeNull();
  });
});
