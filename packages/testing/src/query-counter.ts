import type { DataSource } from 'typeorm';

/**
 * Counts the SQL statements `work` makes through the data source, by listening where TypeORM logs every query.
 * Used to prove that a request costs a constant number of queries however many rows it returns.
 */
export async function countQueries(dataSource: DataSource, work: () => Promise<unknown>): Promise<{ count: number; queries: string[] }> {
  const logger = dataSource.logger;
  const queries: string[] = [];
  const counting = Object.create(logger) as typeof logger;
  counting.logQuery = (query, parameters, queryRunner) => {
    queries.push(query);
    return logger.logQuery(query, parameters, queryRunner);
  };
  Object.defineProperty(dataSource, 'logger', { value: counting, configurable: true, writable: true });
  try {
    await work();
  } finally {
    Object.defineProperty(dataSource, 'logger', { value: logger, configurable: true, writable: true });
  }
  return { count: queries.length, queries };
}
