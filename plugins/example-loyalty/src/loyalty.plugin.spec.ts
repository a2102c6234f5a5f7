import { type ChatCustomer, countQueries, createPluginTestApp, DATABASES, eventually, pendingPluginTableChanges, type PluginTestApp } from '@parley/testing';
import { DataSource } from 'typeorm';
import loyaltyPlugin from './loyalty.plugin';

const REWARD = 'A free pizza is yours!';
const textsOf = (customer: ChatCustomer) => customer.received().map((message) => ('text' in message.content ? message.content.text : ''));
const rewardsSentTo = (customer: ChatCustomer) => textsOf(customer).filter((text) => text === REWARD).length;

describe.each(DATABASES)('example-loyalty plugin on %s', (database) => {
  let t: PluginTestApp;

  beforeAll(async () => {
    t = await createPluginTestApp({
      database,
      plugins: [{ plugin: loyaltyPlugin, options: { stampsPerReward: 3, rewardMessage: REWARD } }],
      recordingChannel: { windowHours: 24 },
    });
    const product = await t.graphql('mutation { createProduct(input: { name: "Margherita", variants: [{ sku: "MARG", price: { amount: 800, currency: "EUR" } }] }) { id } }');
    expect(product.errors).toBeUndefined();
  });
  afterAll(() => t?.close());

  const placeOrder = (customer: ChatCustomer) => t.placeOrder(customer, ['MARG']);

  /** The payment provider reports the order paid, as the core announces it after the payment commits. */
  const paid = (orderId: string) => t.publish('payment.succeeded', { storeId: t.store.id, orderId, provider: 'test', amount: 800, currency: 'EUR' });

  async function cardOf(customer: ChatCustomer, role: 'owner' | 'staff' = 'owner') {
    const result = await t.graphqlAs<{ conversations: { nodes: { channelUserId: string; contact: { loyaltyStamps: number; loyaltyRewards: number } }[] } }>(
      role,
      '{ conversations(first: 100) { nodes { channelUserId contact { loyaltyStamps loyaltyRewards } } } }',
    );
    expect(result.errors).toBeUndefined();
    return result.data!.conversations.nodes.find((node) => node.channelUserId === customer.channelUserId)!.contact;
  }

  async function notificationsOf(orderId: string) {
    const result = await t.graphql<{ order: { notifications: { event: string; status: string; lastError: string | null }[] } }>(
      'query($id: ID!) { order(id: $id) { notifications { event status lastError } } }',
      { id: orderId },
    );
    return result.data!.order.notifications;
  }

  it('gives one stamp per paid order, even when the payment is reported twice, at once or later', async () => {
    const customer = t.customer({ name: 'Giulia' });
    await customer.say('hi');
    const order = await placeOrder(customer);
    await Promise.all([paid(order), paid(order)]);
    await paid(order);
    expect(await cardOf(customer)).toEqual({ loyaltyStamps: 1, loyaltyRewards: 0 });
  });

  it('sends the reward message once, when the card fills, and starts a new card', async () => {
    const customer = t.customer({ name: 'Marco' });
    await customer.say('hi');
    const orders = [await placeOrder(customer), await placeOrder(customer), await placeOrder(customer)];
    for (const order of orders) await paid(order);
    await paid(orders[2]);

    await eventually(async () => rewardsSentTo(customer) > 0, 'the reward message');
    expect(await cardOf(customer)).toEqual({ loyaltyStamps: 0, loyaltyRewards: 1 });
    // Through the order's notifications, after the order's own.
    await eventually(async () => (await notificationsOf(orders[2])).find((n) => n.event === 'plugin_message' && n.status === 'sent'), 'the reward recorded as sent');
    await paid(orders[2]);
    await t.jobsSettled();
    expect(rewardsSentTo(customer)).toBe(1);

    await paid(await placeOrder(customer));
    expect(await cardOf(customer, 'staff')).toEqual({ loyaltyStamps: 1, loyaltyRewards: 1 });
  });

  it('sends nothing to a customer who opted out, though their stamps still count', async () => {
    const customer = t.customer();
    await customer.say('stop');
    const orders = [await placeOrder(customer), await placeOrder(customer), await placeOrder(customer)];
    for (const order of orders) await paid(order);

    const reward = await eventually(async () => (await notificationsOf(orders[2])).find((n) => n.event === 'plugin_message' && n.status === 'skipped'), 'the reward skipped');
    expect(reward.lastError).toBe('The customer opted out of messages');
    expect(rewardsSentTo(customer)).toBe(0);
    expect(await cardOf(customer)).toEqual({ loyaltyStamps: 0, loyaltyRewards: 1 });
  });

  it('shows an empty card for a customer who has paid for nothing yet, and needs an API key', async () => {
    const customer = t.customer();
    await customer.say('hi');
    expect(await cardOf(customer)).toEqual({ loyaltyStamps: 0, loyaltyRewards: 0 });
    const anonymous = await t.graphql('{ conversations { nodes { contact { loyaltyStamps } } } }', {}, null);
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('reads the cards of a whole list of contacts in one query, however many there are', async () => {
    for (let i = 0; i < 4; i += 1) {
      const customer = t.customer();
      await customer.say('hi');
      await paid(await placeOrder(customer));
    }
    const list = '{ conversations(first: 100) { nodes { contact { loyaltyStamps loyaltyRewards } } } }';
    const cardQueries = async () => {
      const { queries } = await countQueries(t.get(DataSource), async () => {
        const result = await t.graphql<{ conversations: { nodes: unknown[] } }>(list);
        expect(result.errors).toBeUndefined();
        expect(result.data!.conversations.nodes.length).toBeGreaterThanOrEqual(4);
      });
      return queries.filter((query) => query.includes('loyalty_card'));
    };

    expect(await cardQueries()).toHaveLength(1);
    for (let i = 0; i < 3; i += 1) await t.customer().say('hi');
    expect(await cardQueries()).toHaveLength(1);
  });

  it('ships migrations that create its tables as its entities describe them', async () => {
    expect(await pendingPluginTableChanges(database, loyaltyPlugin, 'loyalty_')).toEqual([]);
  });
});

describe('example-loyalty plugin configuration', () => {
  it('refuses a card of fewer than two stamps, naming the plugin and the option', async () => {
    await expect(createPluginTestApp({ database: 'sqlite', plugins: [{ plugin: loyaltyPlugin, options: { stampsPerReward: 1 } }] })).rejects.toThrow(
      'Plugin "@parley/plugin-example-loyalty": option "stampsPerReward"',
    );
  });
});
