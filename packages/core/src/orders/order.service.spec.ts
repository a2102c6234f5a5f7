import { createTestApp, DATABASES, type TestApp } from '@parley/testing';
import { CatalogService } from '../catalog/catalog.service';
import { StoreService } from '../stores/store.service';
import { TaxMode } from '../stores/store.entity';

const eur = (amount: number) => ({ amount, currency: 'EUR' });

interface Setup {
  large: string;
  coke: string;
  wings: string;
  cheese: string;
  garlic: string;
  limited: string;
}

async function setUpStore(t: TestApp, storeId = t.store.id, ownerKey = t.ownerKey): Promise<Setup> {
  const catalog = t.get(CatalogService);
  await t.get(StoreService).updateSettings(storeId, { taxMode: TaxMode.inclusive, taxRateBasisPoints: 1000 });
  const toppings = await catalog.createModifierGroup(storeId, { name: 'Extra toppings', minSelect: 0, maxSelect: 3, modifiers: [{ name: 'Extra cheese', priceDelta: eur(150) }] });
  const sauce = await catalog.createModifierGroup(storeId, { name: 'Choose a sauce', minSelect: 1, maxSelect: 1, modifiers: [{ name: 'Garlic' }] });
  await catalog.createProduct(storeId, {
    name: 'Margherita',
    modifierGroupIds: [toppings.id],
    variants: [{ sku: 'MARG-L', options: [{ name: 'size', value: 'large' }], price: eur(1200) }],
  });
  await catalog.createProduct(storeId, { name: 'Coca-Cola', variants: [{ sku: 'COKE', price: eur(250) }] });
  await catalog.createProduct(storeId, { name: 'Wings', modifierGroupIds: [sauce.id], variants: [{ sku: 'WINGS', price: eur(700) }] });
  await catalog.createProduct(storeId, { name: 'Truffle special', variants: [{ sku: 'TRUFFLE', price: eur(2000), trackStock: true, stockOnHand: 10 }] });
  const zone = await t.graphql('mutation { createDeliveryZone(input: { name: "Centre", postcodes: ["00100", "00 186"], feeAmount: 300, minimumOrderAmount: 1000 }) { id } }', {}, ownerKey);
  expect(zone.errors).toBeUndefined();
  const sku = async (value: string) => (await catalog.variantBySku(storeId, value)).id;
  const modifiers = await t.graphql<{ modifierGroups: { modifiers: { id: string; name: string }[] }[] }>('{ modifierGroups { modifiers { id name } } }', {}, ownerKey);
  const modifier = (name: string) => modifiers.data!.modifierGroups.flatMap((group) => group.modifiers).find((m) => m.name === name)!.id;
  return { large: await sku('MARG-L'), coke: await sku('COKE'), wings: await sku('WINGS'), limited: await sku('TRUFFLE'), cheese: modifier('Extra cheese'), garlic: modifier('Garlic') };
}

const CART_FIELDS = 'id lines { id sku quantity unitPrice { amount } lineTotal { amount } priceChanged available } subtotal { amount } deliveryFee { amount } tax { amount } tip { amount } total { amount currency } priceChanged';

describe.each(DATABASES)('carts and orders on %s', (database) => {
  let t: TestApp;
  let s: Setup;

  beforeAll(async () => {
    t = await createTestApp({ database });
    s = await setUpStore(t);
  });
  afterAll(() => t?.close());

  const newCart = async (customerRef = 'whatsapp:+390612345') =>
    (await t.graphql<{ createCart: { id: string } }>('mutation($ref: String!) { createCart(input: { customerRef: $ref, customerName: "Giulia" }) { id } }', { ref: customerRef })).data!.createCart.id;
  const add = (cartId: string, input: Record<string, unknown>) =>
    t.graphql<{ addCartLine: Record<string, unknown> }>(`mutation($cartId: ID!, $input: CartLineInput!) { addCartLine(cartId: $cartId, input: $input) { ${CART_FIELDS} } }`, { cartId, input });
  const deliver = (cartId: string, postcode: string) =>
    t.graphql<{ setCartDelivery: Record<string, unknown> }>(`mutation($cartId: ID!, $postcode: String) { setCartDelivery(cartId: $cartId, input: { address: "Via Roma 1", postcode: $postcode }) { ${CART_FIELDS} } }`, { cartId, postcode });
  const place = (cartId: string, paymentMethod = 'cash') =>
    t.graphql<{ placeOrder: { id: string; number: number; publicCode: string; status: string; version: number; totals: { total: { amount: number } } } }>(
      'mutation($cartId: ID!, $method: String!) { placeOrder(cartId: $cartId, paymentMethod: $method) { id number publicCode status version totals { total { amount } } } }',
      { cartId, method: paymentMethod },
    );
  const move = (id: string, status: string, extra: Record<string, unknown> = {}) =>
    t.graphql<{ changeOrderStatus: { status: string; version: number } }>(
      'mutation($id: ID!, $status: OrderStatus!, $v: Int, $reason: String) { changeOrderStatus(id: $id, status: $status, expectedVersion: $v, reason: $reason) { status version } }',
      { id, status, ...extra },
    );

  it('computes totals on the server: lines, modifiers, delivery fee, tax included, tip', async () => {
    const cartId = await newCart();
    await add(cartId, { variantId: s.large, quantity: 2, modifierIds: [s.cheese], note: 'no basil' });
    await add(cartId, { sku: 'COKE', quantity: 1 });
    await deliver(cartId, '00186');
    const tipped = await t.graphql<{ setCartTip: { subtotal: { amount: number }; deliveryFee: { amount: number }; tax: { amount: number }; total: { amount: number; currency: string } } }>(
      `mutation($cartId: ID!) { setCartTip(cartId: $cartId, amount: 100) { ${CART_FIELDS} } }`,
      { cartId },
    );
    // 2 x (12.00 + 1.50) + 2.50 = 29.50; fee 3.00; 10% included in 32.50 is 2.95; plus a 1.00 tip.
    expect(tipped.data!.setCartTip).toMatchObject({ subtotal: { amount: 2950 }, deliveryFee: { amount: 300 }, tax: { amount: 295 }, total: { amount: 3350, currency: 'EUR' } });

    const order = await place(cartId);
    expect(order.errors).toBeUndefined();
    expect(order.data!.placeOrder).toMatchObject({ status: 'placed', version: 1, totals: { total: { amount: 3350 } } });
    expect(order.data!.placeOrder.number).toBeGreaterThanOrEqual(1001);
    expect(order.data!.placeOrder.publicCode).toMatch(/^[2-9A-HJKMNP-Z]{12}$/);
    const again = await place(cartId);
    expect(again.errors?.[0].extensions?.code).toBe('CART_ALREADY_ORDERED');
  });

  it('refuses clearly: outside the zone, under the minimum, a required choice missing, sold out', async () => {
    const cartId = await newCart();
    expect((await deliver(cartId, '99999')).errors?.[0].extensions?.code).toBe('OUTSIDE_DELIVERY_ZONE');
    expect((await add(cartId, { variantId: s.wings, quantity: 1 })).errors?.[0]).toMatchObject({
      extensions: { code: 'INVALID_MODIFIERS' },
      message: 'Wings: choose exactly 1 of "Choose a sauce"',
    });
    await add(cartId, { variantId: s.coke, quantity: 2 });
    await deliver(cartId, '00100');
    expect((await place(cartId)).errors?.[0]).toMatchObject({ extensions: { code: 'BELOW_MINIMUM_ORDER', minimum: 1000, subtotal: 500 } });

    await add(cartId, { variantId: s.wings, quantity: 1, modifierIds: [s.garlic] });
    await t.graphql('mutation($id: ID!) { setVariantSoldOut(id: $id, soldOut: true) { id } }', { id: s.wings });
    expect((await place(cartId)).errors?.[0]).toMatchObject({ extensions: { code: 'SOLD_OUT', sku: 'WINGS' } });
    await t.graphql('mutation($id: ID!) { setVariantSoldOut(id: $id, soldOut: false) { id } }', { id: s.wings });
    expect((await place(cartId)).errors).toBeUndefined();
  });

  it('says when a price changed since the customer saw it, and goes ahead once they have seen it', async () => {
    const cartId = await newCart();
    await add(cartId, { variantId: s.large, quantity: 1 });
    await t.graphql('mutation { setCartPickup(cartId: "' + cartId + '") { id } }');
    await t.graphql('mutation { bulkUpdateVariants(rows: [{ sku: "MARG-L", price: { amount: 1300, currency: "EUR" } }]) { sku } }');
    const cart = await t.graphql<{ cart: { priceChanged: boolean; total: { amount: number } } }>(`query($id: ID!) { cart(id: $id) { ${CART_FIELDS} } }`, { id: cartId });
    expect(cart.data!.cart).toMatchObject({ priceChanged: true, total: { amount: 1300 } });
    expect((await place(cartId, 'pay_at_pickup')).errors?.[0].extensions?.code).toBe('PRICE_CHANGED');
    await t.graphql('mutation($id: ID!) { acknowledgeCartPrices(cartId: $id) { id } }', { id: cartId });
    const order = await place(cartId, 'pay_at_pickup');
    expect(order.data!.placeOrder.totals.total.amount).toBe(1300);
    await t.graphql('mutation { bulkUpdateVariants(rows: [{ sku: "MARG-L", price: { amount: 1200, currency: "EUR" } }]) { sku } }');
  });

  it('moves an order through its life, records who did what, and names both states of an illegal move', async () => {
    const cartId = await newCart();
    await add(cartId, { variantId: s.large, quantity: 1 });
    await deliver(cartId, '00100');
    const { id } = (await place(cartId)).data!.placeOrder;
    for (const status of ['confirmed', 'preparing', 'ready', 'out_for_delivery', 'delivered']) {
      expect((await move(id, status)).data!.changeOrderStatus.status).toBe(status);
    }
    const illegal = await move(id, 'preparing');
    expect(illegal.errors?.[0]).toMatchObject({ extensions: { code: 'ILLEGAL_TRANSITION', from: 'delivered', to: 'preparing' } });
    const timeline = await t.graphql<{ order: { timeline: { fromStatus: string | null; toStatus: string; actorType: string }[] } }>(
      'query($id: ID!) { order(id: $id) { timeline { fromStatus toStatus actorType } } }',
      { id },
    );
    expect(timeline.data!.order.timeline.map((event) => `${event.fromStatus}>${event.toStatus}:${event.actorType}`)).toEqual([
      'null>placed:staff',
      'placed>confirmed:staff',
      'confirmed>preparing:staff',
      'preparing>ready:staff',
      'ready>out_for_delivery:staff',
      'out_for_delivery>delivered:staff',
    ]);
  });

  it('gives two staff acting at once one success and one clear conflict', async () => {
    const cartId = await newCart();
    await add(cartId, { variantId: s.coke, quantity: 4 });
    await t.graphql('mutation { setCartPickup(cartId: "' + cartId + '") { id } }');
    const { id, version } = (await place(cartId, 'pay_at_pickup')).data!.placeOrder;
    const [accept, reject] = await Promise.all([move(id, 'confirmed', { v: version }), move(id, 'rejected', { v: version, reason: 'closing early' })]);
    const outcomes = [accept, reject].map((result) => (result.errors ? result.errors[0].extensions?.code : 'ok')).sort();
    expect(outcomes).toEqual(['ORDER_CONFLICT', 'ok']);
  });

  it('takes a pickup time only when the store is open in the coming week, and hands the order over at the counter', async () => {
    const cartId = await newCart();
    await add(cartId, { variantId: s.coke, quantity: 4 });
    const pickup = (pickupAt: string) => t.graphql('mutation($c: ID!, $at: String) { setCartPickup(cartId: $c, pickupAt: $at) { fulfilment { pickupAt } } }', { c: cartId, at: pickupAt });
    expect((await pickup('tomorrow-ish')).errors?.[0].extensions?.code).toBe('PICKUP_TIME_INVALID');
    expect((await pickup('2020-01-01T12:00:00Z')).errors?.[0].extensions?.code).toBe('PICKUP_TIME_INVALID');
    const inAnHour = new Date(Date.now() + 3600_000).toISOString();
    expect((await pickup(inAnHour)).errors).toBeUndefined();
    const { id } = (await place(cartId, 'pay_at_pickup')).data!.placeOrder;
    for (const status of ['confirmed', 'preparing', 'ready']) await move(id, status);
    expect((await move(id, 'out_for_delivery')).errors?.[0]).toMatchObject({ extensions: { code: 'ILLEGAL_TRANSITION' }, message: expect.stringContaining('pickup order') });
    expect((await move(id, 'picked_up')).data!.changeOrderStatus.status).toBe('picked_up');
  });

  it('wants a reason to cancel or reject, since the customer is told', async () => {
    const cartId = await newCart();
    await add(cartId, { variantId: s.coke, quantity: 4 });
    await t.graphql('mutation { setCartPickup(cartId: "' + cartId + '") { id } }');
    const { id } = (await place(cartId, 'pay_at_pickup')).data!.placeOrder;
    expect((await move(id, 'cancelled')).errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: 'Say why the order is cancelled: the customer is told' });
  });

  it('reserves stock when placed and gives it back when cancelled', async () => {
    const stock = async () => (await t.graphql<{ variantBySku: { stockOnHand: number } }>('{ variantBySku(sku: "TRUFFLE") { stockOnHand } }')).data!.variantBySku.stockOnHand;
    const cartId = await newCart();
    await add(cartId, { variantId: s.limited, quantity: 3 });
    await deliver(cartId, '00100');
    const { id } = (await place(cartId)).data!.placeOrder;
    expect(await stock()).toBe(7);
    await move(id, 'cancelled', { reason: 'customer changed their mind' });
    expect(await stock()).toBe(10);
  });

  it('takes orders only in opening hours, and lists them by channel', async () => {
    const today = ((new Date().getUTCDay() + 6) % 7) + 1;
    const otherDay = (today % 7) + 1;
    await t.graphql('mutation($d: Int!) { updateStoreSettings(input: { timeZone: "UTC", openingHours: [{ days: [$d], from: "00:00", to: "23:59" }] }) { id } }', { d: otherDay });
    const cart = (await t.graphql<{ createCart: { id: string } }>('mutation { createCart(input: { customerRef: "wa:1", channel: "whatsapp" }) { id } }')).data!.createCart.id;
    await add(cart, { variantId: s.coke, quantity: 4 });
    await t.graphql('mutation($c: ID!) { setCartPickup(cartId: $c) { id } }', { c: cart });
    expect((await place(cart, 'pay_at_pickup')).errors?.[0].extensions?.code).toBe('STORE_CLOSED');
    await t.graphql('mutation { updateStoreSettings(input: { openingHours: [] }) { id } }');
    const { id } = (await place(cart, 'pay_at_pickup')).data!.placeOrder;
    const whatsapp = await t.graphql<{ orders: { nodes: { id: string; channel: string }[] } }>('{ orders(channel: "whatsapp") { nodes { id channel } } }');
    expect(whatsapp.data!.orders.nodes).toEqual([{ id, channel: 'whatsapp' }]);
  });

  it("keeps one store's orders from another store's keys", async () => {
    const other = await t.createStore(`orders-${database}`);
    const mine = await t.graphql<{ orders: { nodes: { id: string }[] } }>('{ orders(first: 1) { nodes { id } } }');
    const id = mine.data!.orders.nodes[0].id;
    expect((await t.graphql('query($id: ID!) { order(id: $id) { id } }', { id }, other.ownerKey)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const theirs = await t.graphql<{ orders: { nodes: unknown[] } }>('{ orders { nodes { id } } }', {}, other.ownerKey);
    expect(theirs.data!.orders.nodes).toEqual([]);
  });
});

describe('no overselling on PostgreSQL', () => {
  it('50 concurrent checkouts for an item with 10 in stock give exactly 10 orders and 40 sold-out answers', async () => {
    const t = await createTestApp({ database: 'postgres' });
    try {
      const s = await setUpStore(t);
      const carts: string[] = [];
      for (let i = 0; i < 50; i += 1) {
        const cart = await t.graphql<{ createCart: { id: string } }>(`mutation { createCart(input: { customerRef: "c${i}" }) { id } }`);
        const cartId = cart.data!.createCart.id;
        await t.graphql('mutation($c: ID!, $v: ID!) { addCartLine(cartId: $c, input: { variantId: $v, quantity: 1 }) { id } }', { c: cartId, v: s.limited });
        await t.graphql('mutation($c: ID!) { setCartPickup(cartId: $c) { id } }', { c: cartId });
        carts.push(cartId);
      }
      const results = await Promise.all(
        carts.map((cartId) => t.graphql('mutation($c: ID!) { placeOrder(cartId: $c, paymentMethod: "pay_at_pickup") { id number } }', { c: cartId })),
      );
      const placed = results.filter((result) => !result.errors);
      const soldOut = results.filter((result) => result.errors?.[0].extensions?.code === 'SOLD_OUT');
      expect(placed).toHaveLength(10);
      expect(soldOut).toHaveLength(40);
      const numbers = placed.map((result) => (result.data as { placeOrder: { number: number } }).placeOrder.number);
      expect(new Set(numbers).size).toBe(10);
      const stock = await t.graphql<{ variantBySku: { stockOnHand: number } }>('{ variantBySku(sku: "TRUFFLE") { stockOnHand } }');
      expect(stock.data!.variantBySku.stockOnHand).toBe(0);
    } finally {
      await t.close();
    }
  });
});
