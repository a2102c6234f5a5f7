import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ApiKeyService } from '@parley/core';
import { createTestApp, DATABASES, type TestApp } from '@parley/testing';
import { DataSource } from 'typeorm';
import { Store } from '../../stores/store.entity';
import { photo } from '../images/fixtures/test-images.fixture';
import { ProductImage } from '../product-image.entity';
import type { CatalogImportReport, CatalogImportRow } from './catalog-csv.report';
import { CatalogCsvService } from './catalog-csv.service';

const IMPORT = `mutation($csv: String!, $dryRun: Boolean!) { importCatalog(csv: $csv, dryRun: $dryRun) {
  dryRun created updated unchanged refused batches ignoredColumns error
  rows { row type sku name action changes column code reason } } }`;

const HEADER = 'type,sku,product,options,price,compare_at_price,stock,sold_out,description,category,tags,modifier_groups,group,min,max,modifier,availability,name_es,description_es';

const MENU = [
  HEADER,
  'category,,,,,,,,,Pizzas,,,,,,,,Pizzas,',
  'category,,,,,,,,,Lunch,,,,,,,mon-fri 12:00-15:00,Almuerzo,',
  'modifier_group,,,,,,,,,,,,Extra toppings,0,3,,,Ingredientes extra,',
  'modifier,,,,1.50,,,,,,,,Extra toppings,,,Extra mozzarella,,Mozzarella extra,',
  'modifier,,,,1,,,,,,,,Extra toppings,,,Olives,,Aceitunas,',
  ',MARG-S,Margherita,size=small,8.00,,,,"Tomato, mozzarella, basil",Pizzas,vegetarian;Classic,Extra toppings,,,,,,Margarita,"Tomate, mozzarella"',
  ',MARG-L,Margherita,size=large,12.50,14.00,10,,,,,,,,,,,,',
  ',COKE,Coca-Cola,,2.50,,24,,,Drinks,,,,,,,,,',
  ',PANINO,"Panino ""del giorno""",,6.90,,,yes,"Ham,\ncheese",Lunch,,,,,,,,,',
].join('\n');

describe.each(DATABASES)('catalog CSV import and export on %s', (database) => {
  let t: TestApp;
  let csv: CatalogCsvService;

  beforeAll(async () => {
    t = await createTestApp({ database });
    csv = t.get(CatalogCsvService);
  });
  afterAll(() => t?.close());

  const run = async (text: string, dryRun: boolean, key?: string) => {
    const result = await t.graphql<{ importCatalog: CatalogImportReport }>(IMPORT, { csv: text, dryRun }, key);
    expect(result.errors).toBeUndefined();
    return result.data!.importCatalog;
  };
  const catalogVersion = async (storeId = t.store.id) => (await t.get(DataSource).getRepository(Store).findOneByOrFail({ id: storeId })).catalogVersion;
  const counts = async () => {
    const result = await t.graphql<{ products: { nodes: unknown[] }; categories: unknown[]; modifierGroups: unknown[] }>(
      '{ products(first: 100) { nodes { id } } categories { id } modifierGroups { id } }',
    );
    return { products: result.data!.products.nodes.length, categories: result.data!.categories.length, groups: result.data!.modifierGroups.length };
  };
  const row = (report: CatalogImportReport, number: number) => report.rows.find((candidate) => candidate.row === number)!;
  const productOf = async <T>(sku: string, fields: string): Promise<T> => {
    const variant = await t.graphql<{ variantBySku: { productId: string } }>('query($sku: String!) { variantBySku(sku: $sku) { productId } }', { sku });
    const product = await t.graphql<{ product: T }>(`query($id: ID!) { product(id: $id) { ${fields} } }`, { id: variant.data!.variantBySku.productId });
    expect(product.errors).toBeUndefined();
    return product.data!.product;
  };

  it('reports a dry run row by row without writing anything', async () => {
    const before = { counts: await counts(), version: await catalogVersion() };
    const report = await run(MENU, true);
    expect(report).toMatchObject({ dryRun: true, created: 9, updated: 0, unchanged: 0, refused: 0, batches: 1, error: null, ignoredColumns: [] });
    expect(report.rows.map((r) => [r.row, r.type, r.sku, r.name, r.action])).toEqual([
      [2, 'category', null, 'Pizzas', 'created'],
      [3, 'category', null, 'Lunch', 'created'],
      [4, 'modifier_group', null, 'Extra toppings', 'created'],
      [5, 'modifier', null, 'Extra toppings / Extra mozzarella', 'created'],
      [6, 'modifier', null, 'Extra toppings / Olives', 'created'],
      [7, 'product', 'MARG-S', 'Margherita', 'created'],
      [8, 'product', 'MARG-L', 'Margherita', 'created'],
      [9, 'product', 'COKE', 'Coca-Cola', 'created'],
      [10, 'product', 'PANINO', 'Panino "del giorno"', 'created'],
    ]);
    expect(await counts()).toEqual(before.counts);
    expect(await catalogVersion()).toBe(before.version);
  });

  it('creates everything in a real run, with exact prices, options, stock, sections, modifiers and translations', async () => {
    const report = await run(MENU, false);
    expect(report).toMatchObject({ dryRun: false, created: 9, refused: 0, batches: 1 });
    const product = await productOf(
      'MARG-L',
      `name description tags translations { language name description } categories { name }
      modifierGroups { name minSelect maxSelect modifiers { name priceDelta { amount } translations { language name } } }
      variants { sku options { name value } price { amount currency } compareAtPrice { amount } trackStock stockOnHand soldOut }`,
    );
    expect(product).toEqual({
      name: 'Margherita',
      description: 'Tomato, mozzarella, basil',
      tags: ['vegetarian', 'classic'],
      translations: [{ language: 'es', name: 'Margarita', description: 'Tomate, mozzarella' }],
      categories: [{ name: 'Pizzas' }],
      modifierGroups: [
        {
          name: 'Extra toppings',
          minSelect: 0,
          maxSelect: 3,
          modifiers: [
            { name: 'Extra mozzarella', priceDelta: { amount: 150 }, translations: [{ language: 'es', name: 'Mozzarella extra' }] },
            { name: 'Olives', priceDelta: { amount: 100 }, translations: [{ language: 'es', name: 'Aceitunas' }] },
          ],
        },
      ],
      variants: [
        { sku: 'MARG-S', options: [{ name: 'size', value: 'small' }], price: { amount: 800, currency: 'EUR' }, compareAtPrice: null, trackStock: false, stockOnHand: 0, soldOut: false },
        { sku: 'MARG-L', options: [{ name: 'size', value: 'large' }], price: { amount: 1250, currency: 'EUR' }, compareAtPrice: { amount: 1400 }, trackStock: true, stockOnHand: 10, soldOut: false },
      ],
    });
    const lunch = await productOf('PANINO', 'name description categories { name availability { days from to } } variants { soldOut }');
    expect(lunch).toEqual({
      name: 'Panino "del giorno"',
      description: 'Ham,\ncheese',
      categories: [{ name: 'Lunch', availability: [{ days: [1, 2, 3, 4, 5], from: '12:00', to: '15:00' }] }],
      variants: [{ soldOut: true }],
    });
  });

  it('changes nothing when the same file comes again, not even the catalog version', async () => {
    const version = await catalogVersion();
    const report = await run(MENU, false);
    expect(report).toMatchObject({ created: 0, updated: 0, unchanged: 9, refused: 0, batches: 0 });
    expect(await catalogVersion()).toBe(version);
  });

  it('reports changed prices, stock and texts as updated, naming the columns', async () => {
    const changed = MENU.replace(',MARG-L,Margherita,size=large,12.50,14.00,10,', ',MARG-L,Margherita,size=large,12.90,,7,')
      .replace(',COKE,Coca-Cola,,2.50,,24,,,Drinks,,,', ',COKE,Coca-Cola,,2.50,,24,,Ice cold,Drinks,,,')
      .replace('modifier,,,,1,,,,,,,,Extra toppings,,,Olives,,Aceitunas,', 'modifier,,,,1.20,,,,,,,,Extra toppings,,,Olives,,Olivas,');
    const dry = await run(changed, true);
    expect(dry).toMatchObject({ created: 0, updated: 3, unchanged: 6 });
    expect([row(dry, 6), row(dry, 8), row(dry, 9)].map((r) => [r.action, r.changes])).toEqual([
      ['updated', ['price', 'name_es']],
      ['updated', ['price', 'compare_at_price', 'stock']],
      ['updated', ['description']],
    ]);
    const real = await run(changed, false);
    expect(real).toMatchObject({ updated: 3, unchanged: 6 });
    const variant = await t.graphql<{ variantBySku: { price: { amount: number }; compareAtPrice: null; stockOnHand: number } }>(
      '{ variantBySku(sku: "MARG-L") { price { amount } compareAtPrice { amount } stockOnHand } }',
    );
    expect(variant.data!.variantBySku).toEqual({ price: { amount: 1290 }, compareAtPrice: null, stockOnHand: 7 });
    expect(await run(changed, false)).toMatchObject({ updated: 0, unchanged: 9 });
  });

  it('refuses bad rows with their row, column and reason, applies the valid ones, and never half-applies a product', async () => {
    const file = [
      'sku,product,options,price,currency,stock,modifier_groups',
      'OK-1,Focaccia,,4.00,,,', // 2: fine
      'BAD-PRICE,Bruschetta,,4.005,,,', // 3: more decimals than EUR has
      'BAD-CUR,Crostini,,4.00,EURO,,', // 4: not a currency
      'OK-1,Focaccia again,,4.00,,,', // 5: SKU already in row 2
      'NO-NAME,,,4.00,,,', // 6: no product name
      'CLASH-S,Calzone,size=small,9.00,,,', // 7 + 8: the same options twice: the whole product is refused
      'CLASH-L,Calzone,size=small,11.00,,,',
      'NEG,Gelato,,-1.00,,,', // 9: refused by the catalog's own rule
      'USD-1,Hot dog,,3.00,USD,,', // 10: another currency than the store's
      'GRP,Arancini,,5.00,,,Nope', // 11: an unknown modifier group
      'STK,Olives,,3.00,,-2,', // 12: negative stock
      'OK-2,Tiramisu,,5.50,,,', // 13: fine
    ].join('\n');
    const report = await run(file, false);
    expect(report).toMatchObject({ created: 2, refused: 10 });
    const refusals = report.rows.filter((r) => r.action === 'refused').map((r: CatalogImportRow) => [r.row, r.column, r.code]);
    expect(refusals).toEqual([
      [3, 'price', 'INVALID_CSV_VALUE'],
      [4, 'currency', 'INVALID_CSV_VALUE'],
      [5, 'sku', 'DUPLICATE_CSV_ROW'],
      [6, 'product', 'INVALID_CSV_VALUE'],
      [7, null, 'PRODUCT_REFUSED'],
      [8, 'options', 'DUPLICATE_VARIANT_OPTIONS'],
      [9, 'price', 'NEGATIVE_PRICE'],
      [10, 'currency', 'CURRENCY_MISMATCH'],
      [11, 'modifier_groups', 'NOT_FOUND'],
      [12, 'stock', 'NEGATIVE_STOCK'],
    ]);
    expect(row(report, 3).reason).toBe('"4.005" has more decimals than EUR has (2)');
    expect(row(report, 5).reason).toBe('The SKU OK-1 is already in row 2');
    expect(row(report, 7).reason).toBe('Not applied: row 8 of the same product was refused');
    for (const sku of ['CLASH-S', 'BAD-PRICE', 'NEG']) {
      expect((await t.graphql(`{ variantBySku(sku: "${sku}") { id } }`)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
    expect((await t.graphql<{ variantBySku: { sku: string } }>('{ variantBySku(sku: "OK-2") { sku } }')).data!.variantBySku.sku).toBe('OK-2');
  });

  it('applies one transaction per batch, keeps a product whole, and lets a refused product roll back alone', async () => {
    const lines = ['sku,product,options,price'];
    for (let i = 1; i <= 5; i++) lines.push(`B${i}-S,Batch ${i},size=s,1.00`, `B${i}-L,Batch ${i},size=l,2.00`);
    lines.push('B6-S,Batch 6,size=s,1.00', 'B6-L,Batch 6,size=s,2.00'); // refused: same options
    const version = await catalogVersion();
    const report = await csv.import(t.store.id, Readable.from([lines.join('\n')]), { dryRun: false, batchRows: 3 });
    // Products of two rows in batches of at least 3 rows: (1, 2) (3, 4) (5, 6), and the last batch still commits product 5.
    expect(report).toMatchObject({ created: 10, refused: 2, batches: 3 });
    expect(await catalogVersion()).toBe(version + 3);
  });

  it('exports a file that imports back unchanged', async () => {
    await t.graphql('mutation { createProduct(input: { name: "Margherita", variants: [{ sku: "MARG-2", price: { amount: 700, currency: "EUR" } }] }) { id } }');
    const exported = await t.graphql<{ exportCatalog: string }>('{ exportCatalog }');
    const text = exported.data!.exportCatalog;
    expect(text.split('\r\n')[0]).toBe(
      'type,sku,product,product_key,options,price,compare_at_price,currency,stock,sold_out,description,category,tags,modifier_groups,image,status,group,min,max,modifier,availability,name_es,description_es,name_fr,description_fr,name_nl,description_nl',
    );
    expect(text).toContain('category,,,,,,,,,,,Lunch,,,,,,,,,mon-fri 12:00-15:00,Almuerzo,,,,,\r\n');
    const dry = await run(text, true);
    expect(dry.refused).toBe(0);
    expect(dry.rows.filter((r) => r.action !== 'unchanged')).toEqual([]);
    const version = await catalogVersion();
    expect(await run(text, false)).toMatchObject({ created: 0, updated: 0, refused: 0, batches: 0 });
    expect(await catalogVersion()).toBe(version);
  });

  it('reads a semicolon file with a BOM and decimal commas, as European spreadsheets save it', async () => {
    const file = '\uFEFFsku;product;price;description\r\nSEMI-1;Caffè;1,20;"Strong; short"\r\nSEMI-2;Cornetto;1,5;\r\n';
    const report = await csv.import(t.store.id, Readable.from([Buffer.from(file, 'utf8')]), { dryRun: false });
    expect(report).toMatchObject({ created: 2, refused: 0 });
    expect(await productOf('SEMI-1', 'name description variants { price { amount } }')).toEqual({
      name: 'Caffè',
      description: 'Strong; short',
      variants: [{ price: { amount: 120 } }],
    });
  });

  it('imports large files streamed over REST and exports over REST, for owner and staff keys of the store only', async () => {
    // A store of its own: this catalog is too large for the GraphQL round trips of the other tests.
    const big = await t.createStore(`big-${database}`);
    const description = 'x'.repeat(10_000);
    const lines = ['sku,product,price,description'];
    for (let i = 0; i < 300; i++) lines.push(`BIG-${i},Big ${i},1.00,${description}`);
    const body = lines.join('\n');
    expect(body.length).toBeGreaterThan(2 * 1024 * 1024);
    const post = (path: string, key: string) => t.http().post(path).set('authorization', `Bearer ${key}`).set('content-type', 'text/csv');
    const dry = await post('/admin/catalog/import', big.ownerKey).send(body);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, created: 300, refused: 0 });
    const staff = await t.get(ApiKeyService).create(big.id, { name: 'staff', role: 'staff' });
    const real = await post('/admin/catalog/import?dryRun=false', staff.secret).send(body);
    expect(real.body).toMatchObject({ dryRun: false, created: 300 });

    const exported = await t.http().get('/admin/catalog/export').set('authorization', `Bearer ${big.ownerKey}`).buffer(true).parse(textParser);
    expect(exported.status).toBe(200);
    expect(exported.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(exported.body as string).toMatch(/^\uFEFFtype,sku,/);
    expect(exported.body as string).toContain('BIG-299');
    const again = await post('/admin/catalog/import?dryRun=false', big.ownerKey).send(exported.body as string);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 300, refused: 0 });

    const integration = await t.get(ApiKeyService).create(big.id, { name: 'bot', role: 'integration' });
    expect((await t.http().get('/admin/catalog/export').set('authorization', `Bearer ${integration.secret}`)).status).toBe(403);
    expect((await t.http().post('/admin/catalog/import').set('content-type', 'text/csv').send('sku\nA')).status).toBe(401);
    const bad = await post('/admin/catalog/import', big.ownerKey).send('nothing,useful\n1,2');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('CATALOG_CSV_INVALID');
    const flag = await post('/admin/catalog/import?dryRun=maybe', big.ownerKey).send(body);
    expect(flag.body.error.code).toBe('BAD_USER_INPUT');
  });

  it('sees, in a dry run, what earlier batches would have created', async () => {
    const file = ['type,sku,product,price,category,modifier_groups,group,min,max,modifier', 'modifier_group,,,,,,Sauces,1,1,'];
    for (let i = 1; i <= 4; i++) file.push(`,DRY-${i},Dry ${i},3.00,Dry section,Sauces,,,,`);
    file.push('modifier,,,0.50,,,Sauces,,,Aioli');
    const dry = await csv.import(t.store.id, Readable.from([file.join('\n')]), { dryRun: true, batchRows: 1 });
    expect(dry).toMatchObject({ created: 6, refused: 0, batches: 6 });
    const real = await csv.import(t.store.id, Readable.from([file.join('\n')]), { dryRun: false, batchRows: 1 });
    expect(real.rows.map((r) => r.action)).toEqual(dry.rows.map((r) => r.action));
  });

  it('keeps awkward texts, archived products and products of one name through a round trip', async () => {
    const file = [
      'sku,product,product_key,price,status,description,tags,name_fr',
      'ODD-1,=1+1,,1.00,,"Two lines\nand ""quotes""",@home;-5,=fr',
      "ODD-2,'t Hoekje,,1.00,,,,",
      'ODD-3,Water,still,1.00,,,,',
      'ODD-4,Water,sparkling,1.20,archived,,,',
    ].join('\n');
    expect(await run(file, false)).toMatchObject({ created: 4, refused: 0 });
    const odd = await productOf<{ name: string; tags: string[]; status: string }>('ODD-1', 'name tags status');
    expect(odd).toEqual({ name: '=1+1', tags: ['@home', '-5'], status: 'active' });
    expect(await productOf('ODD-2', 'name')).toEqual({ name: "'t Hoekje" });
    expect(await productOf('ODD-4', 'name status')).toEqual({ name: 'Water', status: 'archived' });

    const text = (await t.graphql<{ exportCatalog: string }>('{ exportCatalog }')).data!.exportCatalog;
    expect(text).toContain("product,ODD-1,'=1+1,");
    expect(text).toContain("\"'@home;-5\"");
    expect(text).toContain(",''t Hoekje,");
    expect(text).toMatch(/product,ODD-3,Water,ODD-3,/);
    expect(await run(text, false)).toMatchObject({ created: 0, updated: 0, refused: 0 });
  });

  describe('images', () => {
    let server: Server;
    let base: string;
    let served = 0;
    let jpeg: Buffer;

    beforeAll(async () => {
      jpeg = await photo(64, 48, 'jpeg', 3);
      server = createServer((request, response) => {
        served++;
        if (request.url === '/pizza.jpg') response.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg);
        else if (request.url === '/moved.jpg') response.writeHead(302, { location: '/pizza.jpg' }).end();
        else if (request.url === '/notes.txt') response.writeHead(200, { 'content-type': 'image/jpeg' }).end('not a picture');
        else response.writeHead(404).end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    const imagesOf = async (sku: string) => {
      const { productId } = (await t.graphql<{ variantBySku: { productId: string } }>(`{ variantBySku(sku: "${sku}") { productId } }`)).data!.variantBySku;
      return t.get(DataSource).getRepository(ProductImage).findBy({ productId });
    };

    it('adds an image from a URL once, and recognises it, and the exported one, on later imports', async () => {
      const file = `sku,product,price,image\nIMG-1,Diavola,9.00,${base}/moved.jpg`;
      expect(await run(file, true)).toMatchObject({ created: 1, refused: 0 });
      expect(await run(file, false)).toMatchObject({ created: 1, refused: 0 });
      expect(await imagesOf('IMG-1')).toHaveLength(1);
      expect(await run(file.replace('moved.jpg', 'pizza.jpg'), false)).toMatchObject({ unchanged: 1 });
      expect(await imagesOf('IMG-1')).toHaveLength(1);

      const exported = (await t.graphql<{ exportCatalog: string }>('{ exportCatalog }')).data!.exportCatalog;
      const line = exported.split('\r\n').find((candidate) => candidate.includes('IMG-1'))!;
      expect(line).toMatch(new RegExp(`/media/images/${t.store.id}/[0-9a-f]{64}/w1200\\.jpg`));
      const before = served;
      expect(await run(exported, false)).toMatchObject({ created: 0, updated: 0, refused: 0 });
      expect(served).toBe(before);
    });

    it('refuses a product whose image cannot be had, writing nothing of it', async () => {
      const file = [
        'sku,product,price,image',
        `IMG-404,Missing,1.00,${base}/nope.jpg`,
        `IMG-TXT,Not a picture,1.00,${base}/notes.txt`,
        'IMG-FILE,From a file,1.00,margherita.jpg',
        'IMG-FTP,From ftp,1.00,ftp://example.com/a.jpg',
      ].join('\n');
      const report = await run(file, false);
      expect(report.rows.map((r) => [r.action, r.column, r.code])).toEqual([
        ['refused', 'image', 'IMAGE_UNAVAILABLE'],
        ['refused', 'image', 'UNSUPPORTED_IMAGE_TYPE'],
        ['refused', 'image', 'IMAGE_UNAVAILABLE'],
        ['refused', 'image', 'IMAGE_UNAVAILABLE'],
      ]);
      expect(report.rows[0].reason).toBe(`${base}/nope.jpg: the server answered 404`);
      expect((await t.graphql('{ variantBySku(sku: "IMG-404") { id } }')).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    });

    it('takes file names from the folder an import is given, and nothing outside it', async () => {
      const folder = mkdtempSync(join(tmpdir(), 'parley-csv-'));
      try {
        writeFileSync(join(folder, 'calzone.jpg'), jpeg);
        writeFileSync(join(folder, '..', 'outside.jpg'), jpeg);
        const file = 'sku,product,price,image\nIMG-CAL,Calzone,9.00,calzone.jpg\nIMG-OUT,Outside,9.00,../outside.jpg';
        const report = await csv.import(t.store.id, Readable.from([file]), { dryRun: false, imageFolder: folder });
        expect(report.rows.map((r) => [r.action, r.reason])).toEqual([
          ['created', null],
          ['refused', '"../outside.jpg" is outside the image folder'],
        ]);
        expect(await imagesOf('IMG-CAL')).toHaveLength(1);
      } finally {
        rmSync(folder, { recursive: true, force: true });
        rmSync(join(folder, '..', 'outside.jpg'), { force: true });
      }
    });
  });

  it("keeps every store's catalog to itself", async () => {
    const other = await t.createStore(`csv-${database}`);
    const theirs = await t.http().get('/admin/catalog/export').set('authorization', `Bearer ${other.ownerKey}`).buffer(true).parse(textParser);
    expect(theirs.status).toBe(200);
    expect(theirs.body as string).not.toContain('MARG-S');
    expect((theirs.body as string).trim().split('\r\n')).toHaveLength(1);
    const graphql = await t.graphql<{ exportCatalog: string }>('{ exportCatalog }', {}, other.ownerKey);
    expect(graphql.data!.exportCatalog).not.toContain('MARG');

    // Their import of the same SKUs creates their own products and leaves ours alone.
    const report = await run(MENU, false, other.ownerKey);
    expect(report).toMatchObject({ created: 9, refused: 0 });
    const ours = await t.graphql<{ variantBySku: { price: { amount: number } } }>('{ variantBySku(sku: "MARG-L") { price { amount } } }');
    expect(ours.data!.variantBySku.price.amount).toBe(1290);
    expect(await catalogVersion(other.id)).toBeGreaterThan(0);
  });
});

function textParser(response: NodeJS.ReadableStream & { setEncoding(encoding: string): void }, done: (error: Error | null, body: string) => void) {
  let text = '';
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => (text += chunk));
  response.on('end', () => done(null, text));
}
