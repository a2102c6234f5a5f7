/** Where a GraphQL operation comes from, as its HTTP request or WebSocket handshake said. */
export interface Caller {
  /** The page's origin: browsers always send it on WebSocket handshakes and cross-site requests. */
  origin?: string;
  /** The platform's own host as the caller reached it (behind a proxy, the forwarded host). */
  host?: string;
}

/**
 * Whether a page may open the chat. Only browsers are held to it: other clients (the terminal chat, a server) can
 * say any origin, so one without an Origin header is let through. The platform's own hosted page always may.
 * `allowed` unset means any site outside production and none but the platform's own in production.
 */
export function originAllowed(caller: Caller, allowed: string[] | undefined, production: boolean): boolean {
  if (!caller.origin) return true;
  const origin = caller.origin.toLowerCase();
  if (caller.host && hostOf(origin) === caller.host.toLowerCase()) return true;
  if (!allowed) return !production;
  return allowed.includes('*') || allowed.includes(origin);
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
