import { randomUUID } from 'node:crypto';
import { createTestApp, DATABASES, type TestApp } from '@parley/testing';
import { DataSource, In, QueryFailedError } from 'typeorm';
import { Contact } from '../conversations/contact.entity';
import { Store } from '../stores/store.entity';
import { amongList, entityOfRow, FrequentInsert, FrequentQuery } from './frequent-query';
import { valueById, valuesById } from './value-by-id';

// One app per database for both parts: a frequent query's reads, and frequent writes.
describe.each(DATABASES)('frequent queries on %s', (database) => {
  let t: TestApp;
  let dataSource: DataSource;

  beforeAll(async () => {
    t = await createTestApp({ database });
    dataSource = t.get(DataSource);
  });
  afterAll(() => t?.close());

  describe('a frequent query', () => {
    const contacts: Contact[] = [];
    let query: FrequentQuery;

    beforeAll(async () => {
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

    it('binds its parameters anew on every run, a list of any length included', async () => {
      const ids = (rows: Record<string, unknown>[]) => rows.map((row) => entityOfRow(dataSource, Contact, 'contact', row)!.id);
      expect(ids(await query.rows(dataSource.manager, { ids: [contacts[0].id], storeId: t.store.id }))).toEqual([contacts[0].id]);
      expect(ids(await query.rows(dataSource.manager, { ids: contacts.map(({ id }) => id), storeId: t.store.id }))).toEqual(contacts.map(({ id }) => id));
      expect(await query.rows(dataSource.manager, { ids: [contacts[0].id], storeId: randomUUID() })).toEqual([]);
    });

    it("binds each run's own values when a name is used twice and a list both spread and whole, at lengths seen before", async () => {
      const twice = new FrequentQuery(() =>
        dataSource
          .getRepository(Contact)
          .createQueryBuilder('contact')
          .innerJoin(Store, 'store', 'store.id = contact.storeId')
          .select('contact.id')
          .where('contact.storeId = :storeId AND store.id = :storeId AND contact.id IN (:...ids)')
          .andWhere(amongList(dataSource, 'contact.id', 'also')),
      );
      const found = async (storeId: string, ids: string[], also: string[]) =>
        (await twice.rows(dataSource.manager, { storeId, ids, also })).map((row) => entityOfRow(dataSource, Contact, 'contact', row)!.id);
      const [first, second] = contacts.map(({ id }) => id);
      expect(await found(t.store.id, [first], [first])).toEqual([first]);
      // Same lengths, other values: the text is reused, the values are this run's.
      expect(await found(t.store.id, [second], [second])).toEqual([second]);
      expect(await found(t.store.id, [second], [first])).toEqual([]);
      expect(await found(randomUUID(), [first], [first])).toEqual([]);
      expect((await found(t.store.id, [first, second], [second, first])).sort()).toEqual([first, second].sort());
    });

    it('prepared, is planned once per connection on PostgreSQL, for lists of any length, and fails as TypeORM fails', async () => {
      const prepared = new FrequentQuery(
        () => dataSource.getRepository(Contact).createQueryBuilder('contact').select('contact.id').where(amongList(dataSource, 'contact.id', 'ids')).orderBy('contact.createdAt'),
        { prepared: true },
      );
      await dataSource.transaction(async (manager) => {
        // One connection: the transaction's.
        for (const ids of [[contacts[1].id], contacts.map(({ id }) => id), [randomUUID()]]) {
          const rows = await prepared.rows(manager, { ids });
          expect(rows.map((row) => entityOfRow(dataSource, Contact, 'contact', row)!.id)).toEqual(contacts.filter(({ id }) => ids.includes(id)).map(({ id }) => id));
        }
        if (database === 'postgres') {
          const statements: { statement: string; generic_plans: string; custom_plans: string }[] = await manager.query(
            'SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements',
          );
          // One statement, planned once for any values; the connection's own setting left as it was.
          expect(statements.filter(({ statement }) => statement.includes('"contact"."id" = ANY(')).map(({ generic_plans, custom_plans }) => [Number(generic_plans), Number(custom_plans)])).toEqual([[3, 0]]);
          expect(await manager.query('SHOW plan_cache_mode')).toEqual([{ plan_cache_mode: 'auto' }]);
        }
      });
      if (database === 'postgres') {
        await expect(prepared.rows(dataSource.manager, { ids: ['not-an-id'] })).rejects.toBeInstanceOf(QueryFailedError);
        // In a transaction too, the error says what went wrong, not that the transaction is aborted.
        await expect(dataSource.transaction((manager) => prepared.rows(manager, { ids: ['not-an-id'] }))).rejects.toThrow(/invalid input syntax for type uuid/);
      }
    });

    it('prepared, binds any value as given: quotes, backslashes and braces in text and lists, dates, booleans', async () => {
      const repository = dataSource.getRepository(Contact);
      const at = new Date('2026-12-07T13:14:15.678Z');
      const names = ["O'Brien; DROP TABLE contact; --", 'back\\slash \\x41', '{brace, "quoted"}', 'NULL'];
      const saved: Contact[] = [];
      for (const name of names) saved.push(await repository.save(repository.create({ id: randomUUID(), storeId: t.store.id, name, language: 'en', optedOut: true, consentChangedAt: at })));
      const prepared = new FrequentQuery(
        () =>
          repository
            .createQueryBuilder('contact')
            .select('contact.id')
            .where(amongList(dataSource, 'contact.name', 'names'))
            .andWhere('contact.optedOut = :optedOut AND contact.consentChangedAt = :at AND contact.storeId = :storeId')
            .orderBy('contact.name'),
        { prepared: true },
      );
      for (const wanted of [names, [names[0]], [names[2], 'nobody']]) {
        const rows = await prepared.rows(dataSource.manager, { names: wanted, optedOut: true, at, storeId: t.store.id });
        const ids = rows.map((row) => entityOfRow(dataSource, Contact, 'contact', row)!.id).sort();
        expect(ids).toEqual(saved.filter(({ name }) => wanted.includes(name!)).map(({ id }) => id).sort());
      }
      expect(await prepared.rows(dataSource.manager, { names, optedOut: false, at, storeId: t.store.id })).toEqual([]);
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

  describe('frequent writes', () => {
    const contact = (values: Partial<Contact>): Contact =>
      dataSource.getRepository(Contact).create({
        id: randomUUID(),
        storeId: t.store.id,
        name: null,
        language: null,
        optedOut: false,
        marketingOptedOut: false,
        consentChangedAt: null,
        consentChangedVia: null,
        crmId: null,
        createdAt: new Date('2026-12-07T09:00:00.123Z'),
        updatedAt: new Date('2026-12-07T09:00:00.123Z'),
        ...values,
      });

    it('inserts rows of any number as TypeORM would: booleans, dates with milliseconds and nulls read back as given', async () => {
      const insert = new FrequentInsert(dataSource, Contact);
      const batches = [
        [contact({ name: 'Giulia', language: 'it', optedOut: true, consentChangedAt: new Date('2026-12-01T10:11:12.345Z'), consentChangedVia: 'whatsapp' })],
        [contact({ name: 'Noor' }), contact({ marketingOptedOut: true }), contact({ crmId: 'hs-1' })],
      ];
      for (const batch of batches) {
        await insert.insert(dataSource.manager, batch);
        const stored = await dataSource.getRepository(Contact).find({ where: { id: In(batch.map(({ id }) => id)) } });
        expect(stored.sort((a, b) => a.id.localeCompare(b.id))).toEqual([...batch].sort((a, b) => a.id.localeCompare(b.id)));
      }
    });

    it('updates a batch of any size with a value per row in one statement, the other rows untouched', async () => {
      const rows = [contact({ name: 'a' }), contact({ name: 'b' }), contact({ name: 'c' }), contact({ name: 'untouched' })];
      // TypeORM's own insert of several rows would do, but on SQLite it hands the rows each other's ids afterwards.
      await new FrequentInsert(dataSource, Contact).insert(dataSource.manager, rows);
      const rename = new FrequentQuery((size: number) =>
        dataSource
          .createQueryBuilder()
          .update(Contact)
          .set({ name: () => valueById(dataSource, Contact, 'name', size), optedOut: () => ':optedOut', updatedAt: () => ':updatedAt' })
          .where('id IN (:...ids)'),
      );
      const updatedAt = new Date('2026-12-07T10:00:00.456Z');
      for (const batch of [rows.slice(0, 1), rows.slice(1, 3)]) {
        const renamed: [string, unknown][] = batch.map(({ id, name }) => [id, `${name}!`]);
        const { affected } = await rename.run(dataSource.manager, { ...valuesById('name', renamed), optedOut: true, updatedAt, ids: batch.map(({ id }) => id) }, batch.length);
        expect(affected).toBe(batch.length);
      }
      const stored = await dataSource.getRepository(Contact).find({ where: { id: In(rows.map(({ id }) => id)) }, order: { name: 'ASC' } });
      expect(stored.map(({ name, optedOut, updatedAt }) => ({ name, optedOut, updatedAt }))).toEqual([
        { name: 'a!', optedOut: true, updatedAt },
        { name: 'b!', optedOut: true, updatedAt },
        { name: 'c!', optedOut: true, updatedAt },
        { name: 'untouched', optedOut: false, updatedAt: new Date('2026-12-07T09:00:00.123Z') },
      ]);
    });

    it('refuses a statement whose values would be bound once, and an UPDATE that leaves its time to the database', async () => {
      const bound = new FrequentQuery(() => dataSource.createQueryBuilder().update(Contact).set({ name: 'fixed', updatedAt: () => ':updatedAt' }).where('id = :id'));
      await expect(bound.run(dataSource.manager, { id: randomUUID(), updatedAt: new Date() })).rejects.toThrow(/values at each run.*orm_param/);
      const timeless = new FrequentQuery(() => dataSource.createQueryBuilder().update(Contact).set({ name: () => ':name' }).where('id = :id'));
      await expect(timeless.run(dataSource.manager, { id: randomUUID(), name: 'x' })).rejects.toThrow(/sets updatedAt itself/);
    });
  });
});
