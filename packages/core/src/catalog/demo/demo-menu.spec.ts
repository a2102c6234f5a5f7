import { createReadStream, existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type AppConfig, createApi, createRootLogger, environmentSchema, seedDemoStore, toAppConfig } from '@parley/core';
import { scratchDatabase } from '@parley/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Store } from '../../stores/store.entity';
import { CatalogCsvService } from '../csv';
import { Modifier } from '../modifier.entity';
import { ModifierGroup } from '../modifier-group.entity';
import { Product } from '../product.entity';
import { ProductImage } from '../product-image.entity';
import { DEMO_MENU_CSV, DEMO_MENU_IMAGES } from './demo-menu';

// The first start of an embedded install: a fresh SQLite database and no store at all.
describe('the demo store', () => {
  let app: NestFastifyApplication;
  let drop: () => Promise<void>;
  let seeded: { slug: string; secret: string } | null;
  let seconds: number;

  beforeAll(async () => {
    const scratch = await scratchDatabase('sqlite');
    drop = scratch.drop;
    const env = environmentSchema.parse({ NODE_ENV: 'test', DATA_DIR: scratch.dataDir, SEED_DEMO_STORE: 'false', QUEUE_PREFIX: 'demo' });
    const config: AppConfig = { ...toAppConfig(env, []), database: scratch.database, migrateOnStart: true, runWorkers: true };
    app = await createApi(config, { logger: createRootLogger(process.env.TEST_LOG_LEVEL ?? 'silent') });
    const started = Date.now();
    seeded = await seedDemoStore(app);
    seconds = (Date.now() - started) / 1000;
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  const graphql = async <T>(query: string, key: string | null = seeded!.secret) => {
    const call = request(app.getHttpServer()).post('/graphql').send({ query });
    const response = await (key ? call.set('authorization', `Bearer ${key}`) : call);
    expect(response.body.errors).toBeUndefined();
    return response.body.data as T;
  };

  it('is a pizzeria in Rome with about 30 items, sizes, modifiers, translations and pictures, seeded in seconds', async () => {
    expect(seeded).toEqual({ slug: 'demo', secret: expect.stringMatching(/^prl_/) });
    expect(seconds).toBeLessThan(10);
    const data = app.get(DataSource);
    expect(await data.getRepository(Store).findOneByOrFail({ slug: 'demo' })).toMatchObject({
      name: 'Demo Pizzeria',
      currency: 'EUR',
      timeZone: 'Europe/Rome',
      defaultLanguage: 'en',
      taxMode: 'inclusive',
      taxRateBasisPoints: 1000,
    });
    expect(await data.getRepository(Product).count()).toBe(31);
    const groups = await data.getRepository(ModifierGroup).find({ order: { position: 'ASC' } });
    expect(groups.map((group) => [group.name, group.minSelect, group.maxSelect, group.translations.es?.name])).toEqual([
      ['Extra toppings', 0, 3, 'Ingredientes extra'],
      ['Choose a sauce', 1, 1, 'Elige una salsa'],
    ]);
    expect(await data.getRepository(Modifier).count()).toBe(10);
    expect(await data.getRepository(ProductImage).count()).toBe(4);

    const { store, categories } = await graphql<{ store: { name: string }; categories: { name: string; availability: unknown[] }[] }>(
      '{ store { name } categories { name availability { days from to } } }',
    );
    expect(store.name).toBe('Demo Pizzeria');
    expect(categories).toEqual([
      { name: 'Pizzas', availability: [] },
      { name: 'Sides', availability: [] },
      { name: 'Lunch', availability: [{ days: [1, 2, 3, 4, 5], from: '12:00', to: '15:00' }] },
      { name: 'Desserts', availability: [] },
      { name: 'Drinks', availability: [] },
    ]);
  });

  it('shows customers the menu in their language, pizzas in three sizes with extra toppings, sides with a sauce to choose', async () => {
    const { menu } = await graphql<{ menu: { currency: string; categories: { name: string; products: { name: string; variants: { label: string; price: { amount: number } }[]; modifierGroups: { name: string; minSelect: number }[] }[] }[] } }>(
      '{ menu(store: "demo", language: "es") { currency categories { name products { name variants { label price { amount } } modifierGroups { name minSelect } } } } }',
      null,
    );
    expect(menu.currency).toBe('EUR');
    const pizzas = menu.categories.find((category) => category.name === 'Pizzas')!;
    expect(pizzas.products[0]).toEqual({
      name: 'Margarita',
      variants: [
        { label: 'small', price: { amount: 700 } },
        { label: 'medium', price: { amount: 850 } },
        { label: 'large', price: { amount: 1100 } },
      ],
      modifierGroups: [{ name: 'Ingredientes extra', minSelect: 0 }],
    });
    const sides = menu.categories.find((category) => category.name === 'Entrantes')!;
    expect(sides.products.find((product) => product.name === 'Patatas fritas')!.modifierGroups).toEqual([{ name: 'Elige una salsa', minSelect: 1 }]);
  });

  it('is seeded once, and its file imports again as unchanged', async () => {
    expect(await seedDemoStore(app)).toBeNull();
    const demo = await app.get(DataSource).getRepository(Store).findOneByOrFail({ slug: 'demo' });
    const report = await app.get(CatalogCsvService).import(demo.id, createReadStream(DEMO_MENU_CSV), { dryRun: true, imageFolder: DEMO_MENU_IMAGES });
    expect(report).toMatchObject({ created: 0, updated: 0, refused: 0, unchanged: 70 });
  });

  it('ships its files to the build, where the started app reads them', () => {
    // `npm test` builds first, and the build's copy step puts the CSV and its pictures next to the compiled code.
    const built = (path: string) => path.replace(`${sep}src${sep}`, `${sep}dist${sep}`);
    if (!existsSync(built(join(__dirname, 'demo-menu.js')))) return;
    expect(existsSync(built(DEMO_MENU_CSV))).toBe(true);
    expect(existsSync(join(built(DEMO_MENU_IMAGES), 'margherita.jpg'))).toBe(true);
  });
});
