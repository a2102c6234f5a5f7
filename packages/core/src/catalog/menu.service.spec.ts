import { countQueries, createTestApp, DATABASES, type TestApp } from '@parley/testing';
import { DataSource } from 'typeorm';
import { StoreService } from '../stores/store.service';
import { CatalogService } from './catalog.service';
import { MenuService, VERSION_RECHECK_MS } from './menu.service';

const eur = (amount: number) => ({ amount, currency: 'EUR' });

describe.each(DATABASES)('the public menu on %s', (database) => {
  let t: TestApp;
  let catalog: CatalogService;
  let menus: MenuService;
  const ids: Record<string, string> = {};
  // Monday 2026-11-23, in Rome (UTC+1).
  const mondayAt = (time: string) => new Date(`2026-11-23T${time}:00+01:00`);

  beforeAll(async () => {
    // No job workers: their polling would be counted with the queries measured below.
    t = await createTestApp({ database, runWorkers: false });
    catalog = t.get(CatalogService);
    menus = t.get(MenuService);
    const storeId = t.store.id;
    await t.get(StoreService).updateSettings(storeId, { timeZone: 'Europe/Rome', defaultLanguage: 'en' });
    ids.pizzas = (await catalog.createCategory(storeId, { name: 'Pizzas', translations: [{ language: 'es', name: 'Pizzas' }] })).id;
    ids.breakfast = (await catalog.createCategory(storeId, { name: 'Breakfast', availability: [{ days: [1, 2, 3, 4, 5], from: '07:00', to: '11:00' }] })).id;
    ids.secret = (await catalog.createCategory(storeId, { name: 'Staff meals', visible: false })).id;
    ids.toppings = (await catalog.createModifierGroup(storeId, { name: 'Extra toppings', minSelect: 0, maxSelect: 3, modifiers: [{ name: 'Extra cheese', priceDelta: eur(150), translations: [{ language: 'es', name: 'Extra de queso' }] }] })).id;
    ids.sauce = (await catalog.createModifierGroup(storeId, { name: 'Choose a sauce', minSelect: 1, maxSelect: 1, modifiers: [{ name: 'Garlic' }] })).id;
    const product = (name: string, categoryId: string, skus: [string, string | null, number][], extra: Record<string, unknown> = {}) =>
      catalog.createProduct(storeId, {
        name,
        categoryIds: [categoryId],
        variants: skus.map(([sku, size, price]) => ({ sku, price: eur(price), options: size ? [{ name: 'size', value: size }] : [] })),
        ...extra,
      });
    ids.margherita = (await product('Margherita', ids.pizzas, [['MARG-S', 'small', 800], ['MARG-L', 'large', 1200]], {
      translations: [{ language: 'es', name: 'Margarita', description: 'Tomate y mozzarella' }],
      description: 'Tomato and mozzarella',
      modifierGroupIds: [ids.toppings],
    })).id;
    ids.pepperoni = (await product('Pepperoni', ids.pizzas, [['PEP-S', 'small', 900], ['PEP-L', 'large', 1400]], { tags: ['spicy'] })).id;
    ids.wings = (await product('Chicken wings', ids.pizzas, [['WINGS', null, 700]], { modifierGroupIds: [ids.sauce] })).id;
    ids.croissant = (await product('Croissant', ids.breakfast, [['CROI', null, 200]])).id;
    ids.staff = (await product('Staff pizza', ids.secret, [['STAFF', null, 0]])).id;
  });
  afterAll(() => t?.close());

  it('shows visible, open sections with their orderable products, prices and modifiers', async () => {
    const menu = await menus.menu(t.store.slug, 'en', mondayAt('12:00'));
    expect(menu.categories.map((category) => category.name)).toEqual(['Pizzas']);
    const [margherita, pepperoni, wings] = menu.categories[0].products;
    expect(margherita).toMatchObject({
      name: 'Margherita',
      description: 'Tomato and mozzarella',
      fromPrice: eur(800),
      variants: [{ sku: 'MARG-S', label: 'small', price: eur(800) }, { sku: 'MARG-L', label: 'large', price: eur(1200) }],
      modifierGroups: [{ name: 'Extra toppings', minSelect: 0, maxSelect: 1, modifiers: [{ name: 'Extra cheese', priceDelta: eur(150) }] }],
    });
    expect(pepperoni.tags).toEqual(['spicy']);
    expect(wings.modifierGroups[0]).toMatchObject({ name: 'Choose a sauce', minSelect: 1 });
  });

  it("honours a section's hours in the store's time zone", async () => {
    const at8 = await menus.menu(t.store.slug, 'en', mondayAt('08:00'));
    expect(at8.categories.map((category) => category.name)).toEqual(['Pizzas', 'Breakfast']);
    const saturday = await menus.menu(t.store.slug, 'en', new Date('2026-11-28T08:00:00+01:00'));
    expect(saturday.categories.map((category) => category.name)).toEqual(['Pizzas']);
    expect(await menus.product(t.store.slug, ids.croissant, 'en', mondayAt('12:00'))).toBeNull();
  });

  it("speaks the customer's language where a translation exists, falling back to the base text", async () => {
    const menu = await menus.menu(t.store.slug, 'es', mondayAt('12:00'));
    expect(menu.language).toBe('es');
    const [margherita, pepperoni] = menu.categories[0].products;
    expect([margherita.name, margherita.description, margherita.modifierGroups[0].modifiers[0].name]).toEqual([
      'Margarita',
      'Tomate y mozzarella',
      'Extra de queso',
    ]);
    expect(pepperoni.name).toBe('Pepperoni');
  });

  it('drops what is sold out or out of stock at once, and products left with nothing to order', async () => {
    const large = await catalog.variantBySku(t.store.id, 'PEP-L');
    await catalog.setVariantSoldOut(t.store.id, large.id, true);
    let pepperoni = (await menus.menu(t.store.slug, 'en', mondayAt('12:00'))).categories[0].products[1];
    expect(pepperoni.variants.map((variant) => variant.sku)).toEqual(['PEP-S']);

    const small = await catalog.variantBySku(t.store.id, 'PEP-S');
    await catalog.updateVariant(t.store.id, small.id, { trackStock: true, stockOnHand: 0 });
    const names = (await menus.menu(t.store.slug, 'en', mondayAt('12:00'))).categories[0].products.map((product) => product.name);
    expect(names).toEqual(['Margherita', 'Chicken wings']);

    await catalog.updateVariant(t.store.id, small.id, { stockOnHand: 5 });
    await catalog.setVariantSoldOut(t.store.id, large.id, false);
    pepperoni = (await menus.menu(t.store.slug, 'en', mondayAt('12:00'))).categories[0].products[1];
    expect(pepperoni.variants).toHaveLength(2);
  });

  it('hides a product whose required choice has nothing left to choose', async () => {
    const [garlic] = (await t.graphql<{ modifierGroups: { id: string; modifiers: { id: string }[] }[] }>('{ modifierGroups { id modifiers { id } } }'))
      .data!.modifierGroups.find((group) => group.id === ids.sauce)!.modifiers;
    await catalog.updateModifier(t.store.id, garlic.id, { available: false });
    expect(await menus.product(t.store.slug, ids.wings, 'en', mondayAt('12:00'))).toBeNull();
    await catalog.updateModifier(t.store.id, garlic.id, { available: true });
    expect(await menus.product(t.store.slug, ids.wings, 'en', mondayAt('12:00'))).not.toBeNull();
  });

  it('notices even an unannounced change in the database within the version re-check interval', async () => {
    await menus.menu(t.store.slug, 'en', mondayAt('12:00'));
    const dataSource = t.get(DataSource);
    // What another API instance's price change leaves in the database: the row and a new catalog version.
    await dataSource.query(database === 'postgres' ? `UPDATE variant SET "priceAmount" = 999 WHERE sku = 'MARG-S' AND "storeId" = $1` : `UPDATE variant SET priceAmount = 999 WHERE sku = 'MARG-S' AND storeId = ?`, [t.store.id]);
    await dataSource.query(database === 'postgres' ? `UPDATE store SET "catalogVersion" = "catalogVersion" + 1 WHERE id = $1` : `UPDATE store SET catalogVersion = catalogVersion + 1 WHERE id = ?`, [t.store.id]);
    await new Promise((resolve) => setTimeout(resolve, VERSION_RECHECK_MS + 50));
    const margherita = (await menus.menu(t.store.slug, 'en', mondayAt('12:00'))).categories[0].products[0];
    expect(margherita.variants[0].price.amount).toBe(999);
  });

  it('is public over GraphQL and names an unknown store', async () => {
    const result = await t.graphql<{ menu: { storeSlug: string; categories: { products: { name: string }[] }[] } }>(
      'query($store: String!) { menu(store: $store, language: "es") { storeSlug categories { products { name } } } }',
      { store: t.store.slug },
      null,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.menu.storeSlug).toBe(t.store.slug);
    const unknown = await t.graphql('{ menu(store: "no-such-store") { storeSlug } }', {}, null);
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('finds products despite typos and word order, best match first, in the language asked', async () => {
    const search = (text: string, language = 'en') => menus.search(t.store.slug, text, language, 5, mondayAt('12:00'));
    expect((await search('margarita'))[0].product.name).toBe('Margherita');
    expect((await search('peperoni'))[0].product.name).toBe('Pepperoni');
    const large = (await search('large pepperoni'))[0];
    expect([large.product.name, large.variant.sku]).toEqual(['Pepperoni', 'PEP-L']);
    expect((await search('pepperoni large'))[0].variant.sku).toBe('PEP-L');
    expect((await search('margarita', 'es'))[0].product.name).toBe('Margarita');
    expect((await search('spicy'))[0].product.name).toBe('Pepperoni');
    expect(await search('staff pizza')).not.toContainEqual(expect.objectContaining({ product: expect.objectContaining({ name: 'Staff pizza' }) }));
    expect(await search('croissant')).toEqual([]);
  });

  it('costs the same few queries for 200 products as for a handful, in the admin API and the menu', async () => {
    const dataSource = t.get(DataSource);
    const adminQuery = '{ products(first: 100) { nodes { id variants { sku price { amount } } categories { name } modifierGroups { name modifiers { name } } } } }';
    await t.graphql(adminQuery); // the key's first use of the minute records lastUsedAt: not what is measured here
    const small = await countQueries(dataSource, () => t.graphql(adminQuery));
    const invalidateCache = () => catalog.updateCategory(t.store.id, ids.pizzas, { visible: true });
    await invalidateCache();
    const smallMenu = await countQueries(dataSource, () => t.graphql('query($s: String!) { menu(store: $s) { categories { products { name images { renditions { url } } variants { sku } modifierGroups { modifiers { name } } } } } }', { s: t.store.slug }, null));

    for (let i = 0; i < 200; i += 1) {
      await catalog.createProduct(t.store.id, {
        name: `Pizza ${i}`,
        categoryIds: [ids.pizzas],
        modifierGroupIds: [ids.toppings],
        variants: [{ sku: `BULK-${i}-S`, options: [{ name: 'size', value: 'small' }], price: eur(900) }, { sku: `BULK-${i}-L`, options: [{ name: 'size', value: 'large' }], price: eur(1300) }],
      });
    }
    const large = await countQueries(dataSource, () => t.graphql(adminQuery));
    await invalidateCache();
    const largeMenu = await countQueries(dataSource, async () => {
      const result = await t.graphql<{ menu: { categories: { products: unknown[] }[] } }>('query($s: String!) { menu(store: $s) { categories { products { name images { renditions { url } } variants { sku } modifierGroups { modifiers { name } } } } } }', { s: t.store.slug }, null);
      expect(result.data!.menu.categories[0].products.length).toBeGreaterThan(200);
    });
    expect(large.count).toBe(small.count);
    expect(large.count).toBeLessThanOrEqual(12);
    expect(largeMenu.count).toBe(smallMenu.count);
    expect(largeMenu.count).toBeLessThanOrEqual(12);
    // Cached: asking again costs no query at all.
    const again = await countQueries(dataSource, () => t.graphql('query($s: String!) { menu(store: $s) { storeSlug } }', { s: t.store.slug }, null));
    expect(again.queries).toEqual([]);
  });
});
