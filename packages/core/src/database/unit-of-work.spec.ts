import { createTestApp, DATABASES, type TestApp } from '@parley/testing';
import { EventBus } from '@parley/plugin-sdk';
import { DataSource } from 'typeorm';
import { Store } from '../stores/store.entity';
import { UnitOfWork } from './unit-of-work';

describe.each(DATABASES)('UnitOfWork on %s', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ database });
  });
  afterAll(() => t?.close());

  it('publishes events only after commit, and none when the transaction rolls back', async () => {
    const seen: string[] = [];
    t.get(EventBus).subscribe('store.created', async ({ payload }) => {
      // Published after commit: the row is visible to anyone by the time the handler runs.
      const visible = await t.get(DataSource).getRepository(Store).existsBy({ slug: payload.slug });
      seen.push(`${payload.slug}:${visible}`);
    });
    const unitOfWork = t.get(UnitOfWork);

    await expect(
      unitOfWork.run(async (tx) => {
        await tx.manager.save(tx.manager.create(Store, { slug: `gone-${database}`, name: 'Gone' }));
        tx.publish('store.created', { storeId: 'x', slug: `gone-${database}`, name: 'Gone' });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');

    await unitOfWork.run(async (tx) => {
      const store = await tx.manager.save(tx.manager.create(Store, { slug: `kept-${database}`, name: 'Kept' }));
      tx.publish('store.created', { storeId: store.id, slug: store.slug, name: store.name });
    });
    await t.settled();

    expect(seen).toEqual([`kept-${database}:true`]);
    expect(await t.get(DataSource).getRepository(Store).existsBy({ slug: `gone-${database}` })).toBe(false);
  });

  it('keeps concurrent transactions apart: one rolling back never undoes another', async () => {
    const unitOfWork = t.get(UnitOfWork);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        unitOfWork.run(async (tx) => {
          await tx.manager.save(tx.manager.create(Store, { slug: `c${i}-${database}`, name: `C${i}` }));
          await new Promise((resolve) => setTimeout(resolve, 5));
          if (i % 2 === 1) throw new Error('odd ones fail');
        }),
      ),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(5);
    const slugs = (await t.get(DataSource).getRepository(Store).find()).map((store) => store.slug).filter((slug) => /^c\d/.test(slug));
    expect(slugs.sort()).toEqual([0, 2, 4, 6, 8].map((i) => `c${i}-${database}`));
  });
});
