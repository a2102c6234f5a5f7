/** Groups loaded rows by a key, keeping their order: the step after a batched query. */
export function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const group = map.get(key(row));
    if (group) group.push(row);
    else map.set(key(row), [row]);
  }
  return map;
}

/** The rows of each id, in the order of `ids` (what a DataLoader's batch function returns). */
export function groupByIds<T>(ids: readonly string[], rows: T[], key: (row: T) => string): T[][] {
  const map = groupBy(rows, key);
  return ids.map((id) => map.get(id) ?? []);
}
