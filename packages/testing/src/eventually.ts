/**
 * Polls `check` until it gives something truthy (a row in the state awaited, `true`), and returns that; fails naming
 * `what` once `timeoutMs` has passed. For work the platform finishes in the background: jobs, event handlers.
 */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Waited ${timeoutMs} ms in vain for ${what}`);
    await new Promise((done) => setTimeout(done, 25));
  }
}
