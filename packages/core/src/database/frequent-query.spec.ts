import { randomUUID } from 'node:crypto';
import { createTestApp, DATABASES, type TestApp } from '@parley/testing';
import { DataSource } from 'typeorm';
import { Contact } from '../conversations/contact.entity';
import { Store } from '../stores/store.entity';
import { entityOfRow, FrequentQuery } from './frequent-query';

describe.each(DATABASES)('a frequent query on %s', (database) => {
  let t: TestApp;
  let dataSource: DataSource;
  const contacts: Contact[] = [];
  let query: FrequentQuery;

  beforeAll(async () => {
    t = await createTestApp({ database });
    dataSource = t.get(DataSource);
    const repository = dataSource.getRepository(Contact);
    // A boolean, a date and nulls: the values whose form differs between the databases.
    for (const values of [
      { name: 'Giulia', language: 'it', optedOut: true, consentChangedAt: new Date('2026-12-01T10:11:12.345Z') },
      { name: null, language: null, optedOut: false, consentChangedAt: null },
    ]) {
      contacts.push(await repository.save(repository.create({ id: randomUUID(), storeId: t.store.id, ...values })));
    }
    query = new FrequentQuery(() =>
      repository
        .createQueryBuilder('contact')
        .innerJoin(Store, 'store', 'store.id = contact.storeId')
        .leftJoin(Contact, 'nobody', 'nobody.id = contact.storeId')
        .select(['contact', 'store.id', 'store.name', 'store.closedDates', 'store.createdAt', 'nobody.id'])
        .where('contact.id IN (:...ids)')
        .andWhere('contact.storeId = :storeId')
        .orderBy('contact.createdAt'),
    );
  });
  afterAll(() => t?.close());

  it('binds its parameters anew on every run, a list of any length included', async () => {
    const ids = (rows: Record<string, unknown>[]) => rows.map((row) => entityOfRow(dataSource, Contact, 'contact', row)!.id);
    expect(ids(await query.rows(dataSource.manager, { ids: [contacts[0].id], storeId: t.store.id }))).toEqual([contacts[0].id]);
    expect(ids(await query.rows(dataSource.manager, { ids: contacts.map(({ id }) => id), storeId: t.store.id }))).toEqual(contacts.map(({ id }) => id));
    expect(await query.rows(dataSource.manager, { ids: [contacts[0].id], storeId: randomUUID() })).toEqual([]);
  });

  it('reads entities back as TypeORM reads them, only their selected columns, and null for a join that found nothing', async () => {
    const rows = await query.rows(dataSource.manager, { ids: contacts.map(({ id }) => id), storeId: t.store.id });
    for (const [index, row] of rows.entries()) {
      expect(entityOfRow(dataSource, Contact, 'contact', row)).toEqual(await dataSource.getRepository(Contact).findOneByOrFail({ id: contacts[index].id }));
      expect(entityOfRow(dataSource, Contact, 'nobody', row)).toBeNull();
    }
    const store = entityOfRow(dataSource, Store, 'store', rows[0])!;
    const stored = await dataSource.getRepository(Store).findOneByOrFail({ id: t.store.id });
    expect(store).toBeInstanceOf(Store);
    expect({ ...store }).toEqual({ id: stored.id, name: stored.name, closedDates: stored.closedDates, createdAt: stored.createdAt });
    expect(entityOfRow(dataSource, Contact, 'contact', rows[0])).toMatchObject({ optedOut: true, consentChangedAt: new Date('2026-12-01T10:11:12.345Z') });
  });
});
