const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** PostgreSQL refuses a malformed uuid with an error; to a caller it is simply an id that doesn't exist. */
export function isId(value: string): boolean {
  return UUID.test(value);
}
