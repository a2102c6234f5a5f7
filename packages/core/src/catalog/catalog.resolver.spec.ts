import { createTestApp, DATABASES, type TestApp } from '@parley/testing';

const CREATE_PRODUCT = `mutation($input: ProductInput!) { createProduct(input: $input) { id name variants { id sku price { amount currency } options { name value } available } } }`;

describe.each(DATABASES)('catalog administration on %s', (database) => {
  let t: TestApp;
  const eur = (amount: number) => ({ amount, currency: 'EUR' });

  beforeAll(async () => {
    t = await createTestApp({ database });
  });
  afterAll(() => t?.close());

  const productCount = async () =>
    (await t.graphql<{ products: { nodes: unknown[] } }>('{ products(first: 100) { nodes { id } } }')).data!.products.nodes.length;

  it('creates sections, modifier groups and products with variants, and reads them back', async () => {
    const pizzas = await t.graphql<{ createCategory: { id: string } }>(
      'mutation { createCategory(input: { name: "Pizzas", translations: [{ language: "es", name: "Pizzas" }] }) { id } }',
    );
    const toppings = await t.graphql<{ createModifierGroup: { id: string; modifiers: { name: string; priceDelta: { amount: number } }[] } }>(
      `mutation { createModifierGroup(input: { name: "Extra toppings", minSelect: 0, maxSelect: 3,
        modifiers: [{ name: "Extra cheese", priceDelta: { amount: 150, currency: "EUR" } }, { name: "Olives" }] }) { id modifiers { name priceDelta { amount } } } }`,
    );
    expect(toppings.data!.createModifierGroup.modifiers).toEqual([
      { name: 'Extra cheese', priceDelta: { amount: 150 } },
      { name: 'Olives', priceDelta: { amount: 0 } },
    ]);
    const created = await t.graphql<{ createProduct: { id: string; variants: { sku: string; price: { amount: number; currency: string } }[] } }>(
      CREATE_PRODUCT,
      {
        input: {
          name: 'Margherita',
          categoryIds: [pizzas.data!.createCategory.id],
          modifierGroupIds: [toppings.data!.createModifierGroup.id],
          translations: [{ language: 'es', name: 'Margarita' }],
          variants: [
            { sku: 'MARG-S', options: [{ name: 'size', value: 'small' }], price: eur(800) },
            { sku: 'MARG-L', options: [{ name: 'Size', value: 'large' }], price: eur(1250), trackStock: true, stockOnHand: 10 },
          ],
        },
      },
    );
    expect(created.errors).toBeUndefined();
    expect(created.data!.createProduct.variants.map((variant) => [variant.sku, variant.price])).toEqual([
      ['MARG-S', { amount: 800, currency: 'EUR' }],
      ['MARG-L', { amount: 1250, currency: 'EUR' }],
    ]);
    const read = await t.graphql<{ product: { categories: { name: string }[]; modifierGroups: { name: string }[]; translations: { language: string; name: string }[] } }>(
      'query($id: ID!) { product(id: $id) { categories { name } modifierGroups { name } translations { language name } } }',
      { id: created.data!.createProduct.id },
    );
    expect(read.data!.product).toEqual({
      categories: [{ name: 'Pizzas' }],
      modifierGroups: [{ name: 'Extra toppings' }],
      translations: [{ language: 'es', name: 'Margarita' }],
    });
  });

  it.each([
    ['a SKU used twice in one product', [{ sku: 'DUP-1', price: { amount: 100, currency: 'EUR' } }, { sku: 'DUP-1', options: [{ name: 'size', value: 'l' }], price: { amount: 100, currency: 'EUR' } }], 'DUPLICATE_SKU'],
    ['a SKU another product has', [{ sku: 'MARG-S', price: { amount: 100, currency: 'EUR' } }], 'DUPLICATE_SKU'],
    ['a negative price', [{ sku: 'NEG-1', price: { amount: -5, currency: 'EUR' } }], 'NEGATIVE_PRICE'],
    ['a price in another currency', [{ sku: 'USD-1', price: { amount: 500, currency: 'USD' } }], 'CURRENCY_MISMATCH'],
    ['negative stock', [{ sku: 'STK-1', price: { amount: 500, currency: 'EUR' }, stockOnHand: -1 }], 'NEGATIVE_STOCK'],
    ['two variants with the same options', [{ sku: 'OPT-1', price: { amount: 1, currency: 'EUR' } }, { sku: 'OPT-2', price: { amount: 1, currency: 'EUR' } }], 'DUPLICATE_VARIANT_OPTIONS'],
  ])('refuses %s with its own code and saves nothing', async (_case, variants, code) => {
    const before = await productCount();
    const result = await t.graphql(CREATE_PRODUCT, { input: { name: 'Broken', variants } });
    expect(result.errors?.[0].extensions?.code).toBe(code);
    expect(await productCount()).toBe(before);
  });

  it('refuses a modifier group whose minimum exceeds its maximum, saving none of its modifiers', async () => {
    const before = (await t.graphql<{ modifierGroups: unknown[] }>('{ modifierGroups { id } }')).data!.modifierGroups.length;
    const result = await t.graphql('mutation { createModifierGroup(input: { name: "Bad", minSelect: 3, maxSelect: 1, modifiers: [{ name: "x" }] }) { id } }');
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'INVALID_MODIFIER_RANGE', min: 3, max: 1 } });
    expect((await t.graphql<{ modifierGroups: unknown[] }>('{ modifierGroups { id } }')).data!.modifierGroups).toHaveLength(before);
  });

  it('refuses a malformed availability window', async () => {
    const result = await t.graphql('mutation { createCategory(input: { name: "Late", availability: [{ from: "25:00", to: "02:00" }] }) { id } }');
    expect(result.errors?.[0].extensions?.code).toBe('INVALID_AVAILABILITY_WINDOW');
  });

  it('updates prices, stock and sold-out in bulk in one transaction, or not at all', async () => {
    const ok = await t.graphql<{ bulkUpdateVariants: { sku: string; price: { amount: number }; stockOnHand: number; soldOut: boolean }[] }>(
      `mutation { bulkUpdateVariants(rows: [{ sku: "MARG-S", price: { amount: 850, currency: "EUR" } }, { sku: "MARG-L", stockOnHand: 4, soldOut: false }]) { sku price { amount } stockOnHand soldOut } }`,
    );
    expect(ok.data!.bulkUpdateVariants).toEqual([
      { sku: 'MARG-S', price: { amount: 850 }, stockOnHand: 0, soldOut: false },
      { sku: 'MARG-L', price: { amount: 1250 }, stockOnHand: 4, soldOut: false },
    ]);

    const bad = await t.graphql(
      `mutation { bulkUpdateVariants(rows: [{ sku: "MARG-S", price: { amount: 999, currency: "EUR" } }, { sku: "MARG-L", price: { amount: -1, currency: "EUR" } }]) { sku } }`,
    );
    expect(bad.errors?.[0]).toMatchObject({ extensions: { code: 'NEGATIVE_PRICE', row: 2, sku: 'MARG-L' } });
    expect(bad.errors?.[0].message).toContain('Row 2 (MARG-L)');
    const after = await t.graphql<{ variantBySku: { price: { amount: number } } }>('{ variantBySku(sku: "MARG-S") { price { amount } } }');
    expect(after.data!.variantBySku.price.amount).toBe(850);

    const unknown = await t.graphql('mutation { bulkUpdateVariants(rows: [{ sku: "NOPE", soldOut: true }]) { sku } }');
    expect(unknown.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND', row: 1 } });
  });

  it('flips sold out in one call, and keeps a product from losing its last variant', async () => {
    const variant = (await t.graphql<{ variantBySku: { id: string } }>('{ variantBySku(sku: "MARG-L") { id } }')).data!.variantBySku;
    const soldOut = await t.graphql<{ setVariantSoldOut: { soldOut: boolean; available: boolean } }>(
      'mutation($id: ID!) { setVariantSoldOut(id: $id, soldOut: true) { soldOut available } }',
      { id: variant.id },
    );
    expect(soldOut.data!.setVariantSoldOut).toEqual({ soldOut: true, available: false });

    const single = await t.graphql<{ createProduct: { variants: { id: string }[] } }>(CREATE_PRODUCT, {
      input: { name: 'Coca-Cola', variants: [{ sku: 'COKE', price: eur(250) }] },
    });
    const last = await t.graphql('mutation($id: ID!) { archiveVariant(id: $id) { id } }', { id: single.data!.createProduct.variants[0].id });
    expect(last.errors?.[0].extensions?.code).toBe('LAST_VARIANT');
  });

  it('reorders sections', async () => {
    const ids: string[] = [];
    for (const name of ['Drinks', 'Desserts']) {
      ids.push((await t.graphql<{ createCategory: { id: string } }>('mutation($name: String!) { createCategory(input: { name: $name }) { id } }', { name })).data!.createCategory.id);
    }
    const reordered = await t.graphql<{ reorderCategories: { name: string; position: number }[] }>(
      'mutation($ids: [ID!]!) { reorderCategories(ids: $ids) { name position } }',
      { ids: [ids[1], ids[0]] },
    );
    expect(reordered.data!.reorderCategories.map((category) => category.name)).toEqual(['Desserts', 'Drinks', 'Pizzas']);
  });

  it("keeps every store's catalog to itself", async () => {
    const other = await t.createStore(`cat-${database}`);
    const product = (await t.graphql<{ variantBySku: { id: string } }>('{ variantBySku(sku: "MARG-S") { id } }')).data!.variantBySku;
    const steal = await t.graphql('mutation($id: ID!) { updateVariant(id: $id, input: { soldOut: true }) { id } }', { id: product.id }, other.ownerKey);
    expect(steal.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const theirs = await t.graphql<{ products: { nodes: unknown[] } }>('{ products { nodes { id } } }', {}, other.ownerKey);
    expect(theirs.data!.products.nodes).toEqual([]);
    // Their SKUs are their own: the same SKU is fine in another store.
    const same = await t.graphql(CREATE_PRODUCT, { input: { name: 'Theirs', variants: [{ sku: 'MARG-S', price: eur(100) }] } }, other.ownerKey);
    expect(same.errors).toBeUndefined();
  });

  it("won't change the currency once prices exist", async () => {
    const result = await t.graphql('mutation { updateStoreSettings(input: { currency: "USD" }) { currency } }');
    expect(result.errors?.[0].extensions?.code).toBe('CURRENCY_CHANGE_NOT_ALLOWED');
    const zone = await t.graphql('mutation { updateStoreSettings(input: { timeZone: "Mars/Olympus" }) { timeZone } }');
    expect(zone.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('takes the staff alert number as people write it, and refuses one that is no phone number, keeping the last', async () => {
    const set = (number: string | null) => t.graphql<{ updateStoreSettings: { staffAlertWhatsApp: string | null } }>('mutation($n: String) { updateStoreSettings(input: { staffAlertWhatsApp: $n }) { staffAlertWhatsApp } }', { n: number });
    expect((await set('+39 (06) 1234-5678')).data!.updateStoreSettings.staffAlertWhatsApp).toBe('390612345678');
    for (const wrong of ['call the kitchen', '12345', '+39 06 1234 5678 9012 34']) {
      const refused = await set(wrong);
      expect(refused.errors?.[0]).toMatchObject({ message: expect.stringContaining('international format'), extensions: { code: 'BAD_USER_INPUT' } });
    }
    const kept = await t.graphql<{ store: { staffAlertWhatsApp: string | null } }>('{ store { staffAlertWhatsApp } }');
    expect(kept.data!.store.staffAlertWhatsApp).toBe('390612345678');
    expect((await set('')).data!.updateStoreSettings.staffAlertWhatsApp).toBeNull();
  });
});
