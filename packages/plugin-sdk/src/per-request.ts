const scopes = new WeakMap<object, Map<unknown, unknown>>();

/**
 * One value per GraphQL request and owner (DataLoaders): batching and caching live exactly as long as the request,
 * and are gone with it.
 */
export function perRequest<T>(request: object, owner: unknown, create: () => T): T {
  let scope = scopes.get(request);
  if (!scope) {
    scope = new Map();
    scopes.set(request, scope);
  }
  if (!scope.has(owner)) scope.set(owner, create());
  return scope.get(owner) as T;
}
