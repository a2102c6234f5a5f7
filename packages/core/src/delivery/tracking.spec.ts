import { createTestApp, DATABASES, type TestApp } from '@parley/testing';
import { CatalogService } from '../catalog/catalog.service';

describe.each(DATABASES)('delivery tracking on %s', (database) => {
  let t: TestApp;
  let order: { id: string; publicCode: string; number: number };

  beforeAll(async () => {
    t = await createTestApp({ database });
    await t.get(CatalogService).createProduct(t.store.id, { name: 'Margherita', variants: [{ sku: 'MARG', price: { amount: 1200, currency: 'EUR' } }] });
    await t.graphql('mutation { createDeliveryZone(input: { name: "All", postcodes: ["1000"], feeAmount: 200 }) { id } }');
    const cart = (await t.graphql<{ createCart: { id: string } }>('mutation { createCart(input: { customerRef: "web:1", customerName: "Giulia Rossi", customerPhone: "+390611122233" }) { id } }')).data!.createCart.id;
    await t.graphql('mutation($c: ID!) { addCartLine(cartId: $c, input: { sku: "MARG", quantity: 2 }) { id } }', { c: cart });
    await t.graphql('mutation($c: ID!) { setCartDelivery(cartId: $c, input: { address: "Via Roma 1", postcode: "1000" }) { id } }', { c: cart });
    order = (await t.graphql<{ placeOrder: typeof order }>('mutation($c: ID!) { placeOrder(cartId: $c, paymentMethod: "cash") { id publicCode number } }', { c: cart })).data!.placeOrder;
  });
  afterAll(() => t?.close());

  it('records the driver, ETA and steps of a delivery', async () => {
    await t.graphql('mutation($id: ID!) { changeOrderStatus(id: $id, status: confirmed) { status } }', { id: order.id });
    const updated = await t.graphql<{ updateDelivery: { driverName: string; eta: string; events: { status: string; latitude: number }[] } }>(
      `mutation($id: ID!) { updateDelivery(orderId: $id, input: { driverName: "Marco <b>Bianchi</b>", driverPhone: "+39333", eta: "2026-11-23T19:30:00.000Z",
        status: "picked_up", note: "on a scooter", latitude: 41.9, longitude: 12.5, trackingUrl: "https://maps.example/route/1" }) { driverName eta events { status latitude } } }`,
      { id: order.id },
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.updateDelivery).toMatchObject({ eta: '2026-11-23T19:30:00.000Z', events: [{ status: 'picked_up', latitude: 41.9 }] });
    const staffView = await t.graphql<{ order: { delivery: { driverPhone: string } } }>('query($id: ID!) { order(id: $id) { delivery { driverPhone } } }', { id: order.id });
    expect(staffView.data!.order.delivery.driverPhone).toBe('+39333');
  });

  it('shows anyone with the code the progress, with first names only and no address or phone', async () => {
    const tracked = await t.graphql<{ trackOrder: Record<string, unknown> }>(
      'query($code: String!) { trackOrder(code: $code) { number status customerFirstName driverFirstName eta items { name quantity } timeline { status } deliverySteps { status note } trackingUrl } }',
      { code: order.publicCode.toLowerCase() },
      null,
    );
    expect(tracked.errors).toBeUndefined();
    expect(tracked.data!.trackOrder).toMatchObject({
      number: order.number,
      status: 'confirmed',
      customerFirstName: 'Giulia',
      driverFirstName: 'Marco',
      items: [{ name: 'Margherita', quantity: 2 }],
      timeline: [{ status: 'placed' }, { status: 'confirmed' }],
      deliverySteps: [{ status: 'picked_up', note: 'on a scooter' }],
    });
    expect(JSON.stringify(tracked.data)).not.toMatch(/Rossi|Via Roma|\+39/);
  });

  it('serves a small tracking page at /t/<code>, escaping what staff typed', async () => {
    const html = await t.http().get(`/t/${order.publicCode}`);
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.text).toContain(`Order #${order.number}`);
    expect(html.text).toContain('Accepted by the restaurant');
    expect(html.text).toContain('Your driver: Marco');
    expect(html.text).not.toContain('<b>');
    expect(html.text).not.toMatch(/Rossi|Via Roma|\+39/);
    expect((await t.http().get('/t/NOPE12345678')).status).toBe(404);
  });

  it('refuses delivery details for a pickup order, and another store', async () => {
    const other = await t.createStore(`track-${database}`);
    const theirs = await t.graphql('mutation($id: ID!) { updateDelivery(orderId: $id, input: { status: "x" }) { id } }', { id: order.id }, other.ownerKey);
    expect(theirs.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const cart = (await t.graphql<{ createCart: { id: string } }>('mutation { createCart(input: { customerRef: "web:2" }) { id } }')).data!.createCart.id;
    await t.graphql('mutation($c: ID!) { addCartLine(cartId: $c, input: { sku: "MARG" }) { id } }', { c: cart });
    await t.graphql('mutation($c: ID!) { setCartPickup(cartId: $c) { id } }', { c: cart });
    const pickup = (await t.graphql<{ placeOrder: { id: string } }>('mutation($c: ID!) { placeOrder(cartId: $c, paymentMethod: "pay_at_pickup") { id } }', { c: cart })).data!.placeOrder;
    const refused = await t.graphql('mutation($id: ID!) { updateDelivery(orderId: $id, input: { status: "picked_up" }) { id } }', { id: pickup.id });
    expect(refused.errors?.[0].extensions?.code).toBe('NOT_A_DELIVERY');
  });
});
