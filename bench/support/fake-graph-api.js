// A loopback stand-in for WhatsApp's Graph API, as far as the benchmarks need it: POST /{version}/{phoneNumberId}/messages
// with a bearer token is accepted with Meta's documented success shape, anything else answers a Graph error. A small
// JavaScript mirror of the send route of plugins/channel-whatsapp/src/fake-graph-api.testing.ts (TypeScript,
// excluded from the build). `onSent` hears of every accepted message the moment it arrives.
const { createServer } = require('node:http');
const { wamid } = require('./whatsapp-webhooks');

const SEND = /^\/v\d+\.\d+\/(\d+)\/messages$/;

const graphError = (status, code, message, type = 'OAuthException') => ({ status, body: { error: { message, type, code, fbtrace_id: 'AbenchFakeTrace' } } });

/** Starts the fake on 127.0.0.1; `onSent({ to, phoneNumberId, body, id, at })` is called for each accepted message. */
async function startFakeGraphApi(onSent = () => undefined) {
  let sent = 0;
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const at = process.hrtime.bigint();
      const send = request.method === 'POST' && SEND.exec(request.url.split('?')[0]);
      let reply;
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = undefined;
      }
      if (!send) reply = graphError(400, 100, `Unsupported ${request.method} request.`, 'GraphMethodException');
      else if (!/^Bearer \S+$/.test(request.headers.authorization ?? '')) reply = graphError(401, 190, 'Invalid OAuth access token.');
      else if (!body || body.messaging_product !== 'whatsapp' || typeof body.to !== 'string') reply = graphError(400, 100, 'The request body is not a WhatsApp message');
      else {
        const id = wamid();
        sent += 1;
        reply = { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to.replace(/\D/g, '') }], messages: [{ id }] } };
        onSent({ to: body.to, phoneNumberId: send[1], body, id, at });
      }
      response.writeHead(reply.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(reply.body));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    sentCount: () => sent,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

module.exports = { startFakeGraphApi };
