import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { isUniqueViolation } from './unique-violation';
import type { UnitOfWork } from './unit-of-work';

/**
 * Takes a row's `claimedUntil` for `ms` with a conditional update, so that of two jobs (on any workers) working on
 * the same thing only one goes ahead; a holder that died gives it up when the time runs out. True when taken.
 */
export async function claimRow<T extends ObjectLiteral>(unitOfWork: UnitOfWork, entity: EntityTarget<T>, id: string, ms: number): Promise<boolean> {
  const now = new Date();
  const result = await unitOfWork.statement((manager) =>
    manager
      .createQueryBuilder()
      .update(entity)
      .set({ claimedUntil: new Date(now.getTime() + ms) } as never)
      .where('id = :id', { id })
      .andWhere('("claimedUntil" IS NULL OR "claimedUntil" < :now)', { now })
      .execute(),
  );
  return (result.affected ?? 0) > 0;
}

export function releaseRow<T extends ObjectLiteral>(unitOfWork: UnitOfWork, entity: EntityTarget<T>, id: string): Promise<unknown> {
  return unitOfWork.statement((manager) => manager.update(entity, { id } as never, { claimedUntil: null } as never));
}

/** The row with these key columns (a unique index), inserted first when there is none; a racing insert is fine. */
export async function findOrInsert<T extends ObjectLiteral>(dataSource: DataSource, unitOfWork: UnitOfWork, entity: EntityTarget<T>, key: Partial<T>, extra: Partial<T> = {}): Promise<T> {
  const repository = dataSource.getRepository(entity);
  const existing = await repository.findOneBy(key as never);
  if (existing) return existing;
  try {
    await unitOfWork.statement((manager) => manager.insert(entity, { ...key, ...extra } as never));
  } catch (error) {
    // Another job inserted it first.
    if (!isUniqueViolation(error)) throw error;
  }
  return repository.findOneByOrFail(key as never);
}
