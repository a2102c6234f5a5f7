import { type FakeHandler, type FakeReply, type FakeServer, startFakeServer } from './fake-server';

/** A scripted answer. `afterApplying`: the request takes effect first, then this is answered (a lost answer). */
export type ScriptedReply = FakeReply & { afterApplying?: boolean };

export interface ScriptedFakeServer extends FakeServer {
  /**
   * Answers the next requests with these replies, one each, before the normal behaviour; `'ok'` lets one request
   * through as usual: `failNext('ok', serverError)` fails the second.
   */
  failNext(...replies: (ScriptedReply | 'ok')[]): void;
}

/**
 * A fake provider (`startFakeServer`) whose failures a test scripts. Requests whose path starts with one of
 * `unscripted` (pictures the provider serves, not its API) always get the normal behaviour.
 */
export async function startScriptedFakeServer(route: FakeHandler, unscripted: string[] = []): Promise<ScriptedFakeServer> {
  const scripted: (ScriptedReply | 'ok')[] = [];
  const server = await startFakeServer(async (request) => {
    const reply = unscripted.some((prefix) => request.url.startsWith(prefix)) ? 'ok' : scripted.shift();
    if (!reply || reply === 'ok') return route(request);
    if (reply.afterApplying) await route(request);
    return reply;
  });
  return { ...server, failNext: (...replies) => void scripted.push(...replies) };
}
