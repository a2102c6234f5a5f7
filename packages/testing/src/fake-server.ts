import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path with query string, as the client sent it. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** When it arrived (`Date.now()`): how long a client waited between two requests. */
  receivedAt: number;
  /** The body parsed as JSON, or as a form (application/x-www-form-urlencoded, as Stripe's API uses). */
  json<T = unknown>(): T;
  form(): URLSearchParams;
}

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export type FakeHandler = (request: RecordedRequest) => FakeReply | Promise<FakeReply>;

export interface FakeServer {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Replaces the handler, e.g. to make the provider fail for a while. */
  handle(handler: FakeHandler): void;
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 standing in for an external provider (WhatsApp's Graph API, Stripe, Telegram,
 * HubSpot, Shopify). Point the real client at `url`; the handler answers with the provider's documented shapes.
 */
export async function startFakeServer(handler: FakeHandler): Promise<FakeServer> {
  let current = handler;
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body,
        receivedAt: Date.now(),
        json: <T>() => JSON.parse(body.toString('utf8')) as T,
        form: () => new URLSearchParams(body.toString('utf8')),
      };
      requests.push(recorded);
      try {
        const reply = await current(recorded);
        // Strings and bytes (a file a provider serves) as they are, anything else as JSON.
        const payload = reply.body === undefined ? '' : typeof reply.body === 'string' || Buffer.isBuffer(reply.body) ? reply.body : JSON.stringify(reply.body);
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        res.end(payload);
      } catch (error) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: (error as Error).message }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    handle: (next) => {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
