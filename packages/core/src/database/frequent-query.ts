import { createHash } from 'node:crypto';
import type { PoolClient, QueryResult } from 'pg';
import { type DataSource, type EntityManager, type EntityMetadata, type EntityTarget, type ObjectLiteral, type QueryBuilder, QueryFailedError } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

// A query of one shape is run without one.
type ShapeOf<Shape> = Shape extends undefined ? [] : [shape: Shape];

/**
 * A statement run for every notification (or the like), whose SQL TypeORM writes once per shape (a batch's size, say)
 * instead of on every run: writing a query of several joins, or a batch's INSERT or UPDATE, costs the process more
 * than sending it (measured: about 1 ms of CPU against 0.3 for the due notifications' query). The parameters are bound
 * anew on every run, spread ones (`:...ids`) included, so the builder's SQL may depend on the shape, never on the
 * values: every value is a named placeholder (`.set({ status: () => ':status' })`), none is given to the builder.
 * Listeners and subscribers do not run for such a statement: an UPDATE sets `updatedAt` itself.
 */
export class FrequentQuery<Shape = undefined> {
  private readonly sql = new Map<Shape, string>();
  private readonly positional = new Map<string, Map<string, { text: string; order: [key: string, index: number][] }>>();

  /**
   * `prepared`: on PostgreSQL, parsed and planned once per connection instead of on every run, for a statement whose
   * planning costs more than its running (the due notifications' seven joins: ten times). Only for a statement of
   * few texts (lists as `amongList`, not `:...spread`): each is kept prepared on every connection of the pool.
   */
  constructor(
    private readonly build: (shape: Shape) => QueryBuilder<ObjectLiteral>,
    private readonly options: { prepared?: boolean } = {},
  ) {}

  /** Its rows: a SELECT's, or those a write returns. */
  async rows(manager: EntityManager, parameters: ObjectLiteral, ...shape: ShapeOf<Shape>): Promise<Record<string, unknown>[]> {
    return (await this.run(manager, parameters, ...shape)).records;
  }

  /** Runs it on `manager` (a transaction's, or the data source's). */
  async run(manager: EntityManager, parameters: ObjectLiteral, ...shape: ShapeOf<Shape>): Promise<{ records: Record<string, unknown>[]; affected: number }> {
    const [sql, values] = this.withValues(manager, this.sqlOf(shape[0] as Shape), parameters);
    const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
    try {
      if (!this.options.prepared || manager.connection.options.type !== 'postgres') {
        const result = await runner.query(sql, values, true);
        return { records: result.records ?? [], affected: result.affected ?? 0 };
      }
      // Named, a statement is parsed once per connection; the name is the SQL's own. PostgreSQL would still plan it
      // anew for each run's values whenever its one generic plan looks costlier than those (with a list of one id it
      // does), which under load took 6.6 ms a run against 1.8 with the generic plan: the generic plan is asked for,
      // for this statement alone (the setting would make TypeORM's unnamed statements generic too).
      const client = (await runner.connect()) as PoolClient;
      await client.query('SET plan_cache_mode = force_generic_plan');
      let result: QueryResult;
      try {
        result = await client.query({ name: statementName(sql), text: sql, values });
      } catch (error) {
        // In a transaction the failure aborted it (and will undo the SET): the RESET would only fail and hide why.
        await client.query('RESET plan_cache_mode').catch(() => undefined);
        throw new QueryFailedError(sql, values, error as Error);
      }
      await client.query('RESET plan_cache_mode');
      return { records: result.rows, affected: result.rowCount ?? 0 };
    } finally {
      if (!manager.queryRunner) await runner.release();
    }
  }

  /**
   * The SQL with PostgreSQL's `$1, $2, ...` for the named placeholders, and the values in their order. TypeORM works that
   * out with a pass of a regular expression over the whole text on every run (2.7% of the worker's busy time in a
   * notifications drain); here once per text and list lengths, as TypeORM would, after which a run only picks its
   * values. SQLite's driver writes some values into the text itself (numbers): there it is TypeORM's on every run.
   */
  private withValues(manager: EntityManager, sql: string, parameters: ObjectLiteral): [string, unknown[]] {
    const driver = manager.connection.driver;
    if (manager.connection.options.type !== 'postgres') return driver.escapeQueryWithParameters(sql, parameters);
    const lists = Object.keys(parameters)
      .map((key) => (Array.isArray(parameters[key]) ? `${key}[${parameters[key].length}]` : key))
      .join();
    let byLists = this.positional.get(sql);
    if (!byLists) this.positional.set(sql, (byLists = new Map()));
    let positional = byLists.get(lists);
    if (!positional) {
      // TypeORM's own pass, over stand-ins whose order in its values says which value goes where.
      const standIns = new Map<unknown, [key: string, index: number]>();
      const standIn = (key: string, index: number) => {
        const value = {};
        standIns.set(value, [key, index]);
        return value;
      };
      const named = Object.fromEntries(
        Object.entries(parameters).map(([key, value]) => {
          if (!Array.isArray(value)) return [key, standIn(key, -1)];
          // Spread (`:...ids`), each item is a value; whole (`= ANY(:ids)`), the list is one.
          const items = value.map((_, index) => standIn(key, index));
          standIns.set(items, [key, -1]);
          return [key, items];
        }),
      );
      const [text, order] = driver.escapeQueryWithParameters(sql, named);
      positional = { text, order: order.map((value) => standIns.get(value)!) };
      byLists.set(lists, positional);
    }
    return [positional.text, positional.order.map(([key, index]) => (index < 0 ? parameters[key] : parameters[key][index]))];
  }

  private sqlOf(shape: Shape): string {
    let sql = this.sql.get(shape);
    if (sql === undefined) {
      const builder = this.build(shape);
      sql = builder.getQuery();
      // A value handed to the builder would be bound once, at the first run, and silently reused.
      const bound = Object.keys(builder.getParameters());
      if (bound.length > 0) throw new Error(`A frequent query takes its values at each run, as named placeholders; given to the builder: ${bound.join(', ')}`);
      // TypeORM's own default for an update time: whole seconds, in another text form than ours, on SQLite.
      if (sql.includes('= CURRENT_TIMESTAMP')) throw new Error('A frequent UPDATE sets updatedAt itself, as a named placeholder');
      this.sql.set(shape, sql);
    }
    return sql;
  }
}

/**
 * `column` is one of the list parameter `name`: on PostgreSQL `= ANY(:name)`, one text for lists of any length (so a
 * prepared FrequentQuery is prepared once); SQLite has no arrays, there `IN (:...name)`.
 */
export function amongList(dataSource: DataSource, column: string, name: string): string {
  return dataSource.options.type === 'postgres' ? `${column} = ANY(:${name})` : `${column} IN (:...${name})`;
}

// PostgreSQL keeps names of up to 63 bytes.
const names = new Map<string, string>();
function statementName(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = `parley_${createHash('sha1').update(sql).digest('hex')}`;
    names.set(sql, name);
  }
  return name;
}

/**
 * The entity selected under `alias` in a raw row (TypeORM names its columns `<alias>_<column>`), its values read as
 * TypeORM reads them (dates, JSON, booleans, transformers); null when the row has none (a left join that found nothing).
 * Only the selected columns are set, as with a partial select.
 */
export function entityOfRow<T extends ObjectLiteral>(dataSource: DataSource, entity: EntityTarget<T>, alias: string, row: Record<string, unknown>): T | null {
  const metadata = dataSource.getMetadata(entity);
  const columns = columnsUnder(metadata, alias);
  const primary = row[columns[0][0]];
  if (primary === null || primary === undefined) return null;
  const value = metadata.create() as T;
  for (const [key, column] of columns) {
    if (key in row) column.setEntityValue(value, dataSource.driver.prepareHydratedValue(row[key], column));
  }
  return value;
}

// Each row of each alias reads the same names: worked out once per entity and alias, the primary column first.
const namesUnder = new WeakMap<EntityMetadata, Map<string, [key: string, column: ColumnMetadata][]>>();

function columnsUnder(metadata: EntityMetadata, alias: string): [key: string, column: ColumnMetadata][] {
  const byAlias = namesUnder.get(metadata) ?? new Map<string, [string, ColumnMetadata][]>();
  namesUnder.set(metadata, byAlias);
  let columns = byAlias.get(alias);
  if (!columns) {
    const ordered = [...metadata.primaryColumns, ...metadata.columns.filter((column) => !column.isPrimary)];
    columns = ordered.map((column) => [`${alias}_${column.databaseName}`, column]);
    byAlias.set(alias, columns);
  }
  return columns;
}

/**
 * Rows of `entity` inserted in one statement whose SQL is written once per number of rows. Every column is written
 * with the entity's value as TypeORM would write it (JSON, dates, booleans, transformers), null where unset: ids and
 * times are the caller's, nothing is read back, and subscribers do not run.
 */
export class FrequentInsert<T extends ObjectLiteral> {
  private readonly columns: ColumnMetadata[];
  private readonly query: FrequentQuery<number>;

  constructor(
    private readonly dataSource: DataSource,
    entity: EntityTarget<T>,
  ) {
    this.columns = dataSource.getMetadata(entity).columns;
    this.query = new FrequentQuery((size) =>
      dataSource
        .createQueryBuilder()
        .insert()
        .into(entity as EntityTarget<ObjectLiteral>)
        .values(Array.from({ length: size }, (_, row) => Object.fromEntries(this.columns.map((column) => [column.propertyName, () => `:${column.propertyName}_${row}`]))))
        .updateEntity(false),
    );
  }

  async insert(manager: EntityManager, entities: T[]): Promise<void> {
    if (entities.length === 0) return;
    const parameters: Record<string, unknown> = {};
    entities.forEach((entity, row) => {
      for (const column of this.columns) parameters[`${column.propertyName}_${row}`] = this.dataSource.driver.preparePersistentValue(column.getEntityValue(entity) ?? null, column);
    });
    await this.query.run(manager, parameters, entities.length);
  }
}
