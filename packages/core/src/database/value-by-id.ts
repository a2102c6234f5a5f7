import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * A value per row in one UPDATE of `count` rows: `CASE "id" WHEN :<property>_id0 THEN :<property>_value0 ... END`, for
 * `.set({ column: () => sql })` in a FrequentQuery shaped by the batch's size, so that a batch of rows, each given its
 * own value, is one statement; `valuesById` gives its parameters at each run. PostgreSQL types a CASE of parameters as
 * text, so there each value is cast to the column's type (SQLite must not cast: its casts convert text that looks like
 * a number).
 */
export function valueById<T extends ObjectLiteral>(dataSource: DataSource, entity: EntityTarget<T>, property: keyof T & string, count: number): string {
  const metadata = dataSource.getMetadata(entity);
  const column = metadata.findColumnWithPropertyName(property);
  if (!column) throw new Error(`${metadata.name} has no column ${property}`);
  const type = dataSource.options.type === 'postgres' ? dataSource.driver.normalizeType(column) : null;
  const whens = Array.from({ length: count }, (_, index) => {
    const placeholder = `:${property}_value${index}`;
    return `WHEN :${property}_id${index} THEN ${type ? `CAST(${placeholder} AS ${type})` : placeholder}`;
  });
  return `CASE "id" ${whens.join(' ')} END`;
}

/** The parameters of `valueById`'s CASE: each row's id and its value, in the order of the batch. */
export function valuesById(property: string, values: [id: string, value: unknown][]): Record<string, unknown> {
  const parameters: Record<string, unknown> = {};
  values.forEach(([id, value], index) => {
    parameters[`${property}_id${index}`] = id;
    parameters[`${property}_value${index}`] = value;
  });
  return parameters;
}
