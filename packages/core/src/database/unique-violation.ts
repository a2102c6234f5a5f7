import { QueryFailedError } from 'typeorm';

/** Whether a write failed on a unique constraint, on PostgreSQL or SQLite: the database settled a race. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { driverError?: { code?: string } }).driverError?.code;
  return error instanceof QueryFailedError && (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY');
}
