import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { type FakeHandler, type FakeServer, type RecordedRequest, startFakeServer } from '@parley/testing';
import type { WebhookBody } from './services/webhook-body';

/** For tests only: not exported from the plugin. */

const README = readFileSync(join(__dirname, '../README.md'), 'utf8');

/** The README's code block in `language` that defines `name`, as integrators copy it. */
function readmeSnippet(language: string, name: string): string {
  const blocks = [...README.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((match) => match[1]);
  const block = blocks.find((code) => code.includes(name));
  if (!block) throw new Error(`The README has no ${language} block defining ${name}`);
  return block;
}

type Verify = (secret: string, rawBody: Buffer, headers: IncomingHttpHeaders) => boolean;

/**
 * The README's Node snippet, run as written: the tests prove that what the plugin sends verifies the way integrators
 * are told to check it.
 */
export const verifyLikeTheReadme = new Function('require', `${readmeSnippet('js', 'function verifyParleyWebhook')}\nreturn verifyParleyWebhook;`)(require) as Verify;

/** The README's Python snippet, run by python3 as written. */
export function verifyLikeTheReadmeInPython(secret: string, rawBody: Buffer, headers: IncomingHttpHeaders): boolean {
  const program = `${readmeSnippet('python', 'def verify_parley_webhook')}
import json, sys
given = json.load(sys.stdin)
print(verify_parley_webhook(given["secret"], bytes.fromhex(given["body"]), given["timestamp"], given["signature"]))`;
  const input = JSON.stringify({ secret, body: rawBody.toString('hex'), timestamp: headers['x-parley-timestamp'], signature: headers['x-parley-signature'] });
  const run = spawnSync('python3', ['-c', program], { input, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return run.stdout.trim() === 'True';
}

export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface Receiver {
  server: FakeServer;
  /** The URL to register: one path per receiver, so several endpoints can share the server. */
  url: string;
  /** Requests that reached this receiver, in order. */
  requests(): RecordedRequest[];
  bodies(): WebhookBody[];
  /** Answers the next requests with these statuses in turn (then 200s), or with a handler of its own. */
  answer(next: FakeHandler | number[]): void;
}

/** An integrator's endpoint on 127.0.0.1: it answers 200 unless told otherwise, and records what it receives. */
export async function startReceivers(): Promise<{ server: FakeServer; receiver(path: string): Receiver; close(): Promise<void> }> {
  const handlers = new Map<string, FakeHandler>();
  const server = await startFakeServer((request) => (handlers.get(request.url) ?? (() => ({ status: 200, body: { received: true } })))(request));
  return {
    server,
    close: () => server.close(),
    receiver(path) {
      const requests = () => server.requests.filter((request) => request.url === path);
      return {
        server,
        url: `${server.url}${path}`,
        requests,
        bodies: () => requests().map((request) => request.json<WebhookBody>()),
        answer(next) {
          if (typeof next === 'function') {
            handlers.set(path, next);
            return;
          }
          const statuses = [...next];
          handlers.set(path, () => ({ status: statuses.shift() ?? 200, body: { received: true } }));
        },
      };
    },
  };
}
