import { createTestApp, DATABASES, type TestApp } from '@parley/testing';
import { DataSource } from 'typeorm';
import { Store } from '../stores/store.entity';

describe.each(DATABASES)('timestamps on %s', (database) => {
  let t: TestApp;
  const zone = process.env.TZ;
  beforeAll(async () => {
    t = await createTestApp({ database });
  });
  afterAll(async () => {
    process.env.TZ = zone;
    await t?.close();
  });

  it('are stored as UTC with milliseconds whatever the process time zone', async () => {
    process.env.TZ = 'America/New_York';
    const before = Date.now();
    const store = await t.get(DataSource).getRepository(Store).save({ slug: `tz-${database}`, name: 'TZ' });
    const [row] = await t.get(DataSource).query(
      database === 'postgres' ? `SELECT "createdAt"::text AS raw FROM store WHERE id = $1` : `SELECT createdAt AS raw FROM store WHERE id = ?`,
      [store.id],
    );
    const stored = new Date(`${String(row.raw).replace(' ', 'T')}Z`).getTime();
    expect(Math.abs(stored - before)).toBeLessThan(5_000);
    // To the millisecond, as UTC (PostgreSQL prints 13:10:28.060 as "13:10:28.06").
    expect(stored).toBe(store.createdAt.getTime());
    const reloaded = await t.get(DataSource).getRepository(Store).findOneByOrFail({ id: store.id });
    expect(reloaded.createdAt.getTime()).toBe(store.createdAt.getTime());
  });
});
