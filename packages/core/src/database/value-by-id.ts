import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * A value per row in one UPDATE: `CASE "id" WHEN :id THEN :value ... END`, for `.set({ column: () => sql })`, so that
 * a batch of rows, each given its own value, is one statement. PostgreSQL types a CASE of parameters as text, so there
 * each value is cast to the column's type (SQLite must not cast: its casts convert text that looks like a number).
 */
export function valueById<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  property: keyof T & string,
  values: [id: string, value: unknown][],
): { sql: string; parameters: Record<string, unknown> } {
  const metadata = manager.connection.getMetadata(entity);
  const column = metadata.findColumnWithPropertyName(property);
  if (!column) throw new Error(`${metadata.name} has no column ${property}`);
  const type = manager.connection.options.type === 'postgres' ? manager.connection.driver.normalizeType(column) : null;
  const parameters: Record<string, unknown> = {};
  const whens = values.map(([id, value], index) => {
    parameters[`${property}_id${index}`] = id;
    parameters[`${property}_value${index}`] = value;
    const placeholder = `:${property}_value${index}`;
    return `WHEN :${property}_id${index} THEN ${type ? `CAST(${placeholder} AS ${type})` : placeholder}`;
  });
  return { sql: `CASE "id" ${whens.join(' ')} END`, parameters };
}
