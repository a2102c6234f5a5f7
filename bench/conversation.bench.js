// Whole ordering conversations over WhatsApp: 200 concurrent customers, each sending a signed webhook and the next one
// only once the answer to the previous one has reached the (fake) Graph API: hi -> Pizzas -> "2 large margheritas with
// extra mozzarella" -> "1 coke" -> the 33 cl can -> checkout -> pickup, as soon as possible (even customers) or
// delivery to a shared location (odd ones) -> pay online -> a Stripe payment link (the Stripe plugin through the
// official client, against a loopback fake of Stripe's API). A step's time runs from its webhook POST to the arrival of
// its last reply at the fake Graph API. Baseline in the same run, with the same 200 clients: the step without the
// work, a POST of the same webhook to the bare route then a POST of a reply to the fake Graph API.
// Production setup: PostgreSQL, BullMQ on Redis, the API running no job workers and `workers` worker processes
// (apps/worker/dist/main.js) answering. Needs PostgreSQL (TEST_DATABASE_URL), Redis (TEST_REDIS_URL) and a build:
//   npm run build && node bench/conversation.bench.js [workers=1] [conversations per customer=2] [mean think ms=3000] [customers=200]
const { cpus } = require('node:os');
const { join } = require('node:path');
const { startFakeGraphApi } = require('./support/fake-graph-api');
const { startFakeStripeApi } = require('./support/fake-stripe-api');
const { httpClient } = require('./support/http-client');
const { closedLoop } = require('./support/load');
const { cpuSnapshot, cpuUsedSince, describeCpu, startServer, startWorker, waitForIdle } = require('./support/processes');
const { machine, summarize } = require('./support/stats');
const { buttonReplyMessage, listReplyMessage, locationMessage, messagesWebhook, PHONE_NUMBER_ID, signedWebhook, textMessage } = require('./support/whatsapp-webhooks');

const WORKERS = Number(process.argv[2] ?? 1);
const ROUNDS = Number(process.argv[3] ?? 2);
// A customer reads each answer and taps or types the next message: 3 s on average (a quick customer), each pause drawn
// between half and one and a half times that, so customers who started together drift apart as real ones do. 0 makes
// the run a saturation test: every customer writes again the moment the answer arrives.
const THINK_MS = Number(process.argv[4] ?? 3000);
const CUSTOMERS = Number(process.argv[5] ?? 200);
const WARM_UP_CUSTOMERS = Math.min(20, CUSTOMERS);
const STEP_TIMEOUT_MS = 120_000;
const BASELINE_SECONDS = 5;

// ---- what the customer reads in the replies

const interactiveOf = (reply) => reply.body.interactive;
const textOf = (reply) => (reply.body.type === 'text' ? reply.body.text.body : (interactiveOf(reply)?.body?.text ?? ''));
const buttonsOf = (reply) => (interactiveOf(reply)?.type === 'button' ? interactiveOf(reply).action.buttons.map((button) => button.reply) : []);
const rowsOf = (reply) => (interactiveOf(reply)?.type === 'list' ? interactiveOf(reply).action.sections.flatMap((section) => section.rows) : []);
function pick(choices, title, step) {
  const choice = choices.find((candidate) => candidate.title === title);
  if (!choice) throw new Error(`${step}: no "${title}" among ${JSON.stringify(choices.map((candidate) => candidate.title))}`);
  return choice;
}
function expectText(reply, fragment, step) {
  if (!textOf(reply).includes(fragment)) throw new Error(`${step}: expected "${fragment}" in ${JSON.stringify(textOf(reply)).slice(0, 200)}`);
}

/**
 * The conversation, step by step: what the customer sends (from what the earlier replies offered), how many replies
 * answer it, and what those must say. `memory` carries the ids the customer tapped.
 */
function stepsFor(delivery) {
  return [
    { name: '1 "Hi!"', send: (from) => textMessage(from, 'Hi!'), replies: 2, read: (r, memory) => (memory.pizzas = pick(rowsOf(r[1]), 'Pizzas', 'hi')) },
    { name: '2 Pizzas (list)', send: (from, memory) => listReplyMessage(from, memory.pizzas.id, 'Pizzas'), replies: 1, read: (r) => pick(rowsOf(r[0]), 'Margherita', 'pizzas') },
    {
      name: '3 "2 large margheritas with extra mozzarella"',
      send: (from) => textMessage(from, '2 large margheritas with extra mozzarella'),
      replies: 1,
      read: (r) => expectText(r[0], '2 × Margherita (large, Extra mozzarella)', 'margheritas'),
    },
    { name: '4 "1 coke"', send: (from) => textMessage(from, '1 coke'), replies: 1, read: (r, memory) => (memory.can = pick(buttonsOf(r[0]), '33 cl can', 'coke')) },
    { name: '5 the can (button)', send: (from, memory) => buttonReplyMessage(from, memory.can.id, memory.can.title), replies: 1, read: (r) => expectText(r[0], '1 × Coca-Cola (33 cl can)', 'can') },
    { name: '6 Checkout', send: (from) => buttonReplyMessage(from, 'act:checkout', 'Checkout'), replies: 1, read: (r) => pick(buttonsOf(r[0]), delivery ? 'Delivery' : 'Pickup', 'checkout') },
    ...(delivery
      ? [
          {
            name: '7 Delivery',
            send: (from) => buttonReplyMessage(from, 'act:delivery', 'Delivery'),
            replies: 1,
            read: (r) => {
              if (interactiveOf(r[0])?.type !== 'location_request_message') throw new Error(`delivery: expected a location request, got ${JSON.stringify(r[0].body).slice(0, 200)}`);
            },
          },
          {
            name: '8 shared location',
            send: (from) => locationMessage(from, 41.9, 12.48, 'Via del Corso 10, Roma'),
            replies: 1,
            read: (r, memory) => (memory.pay = pick(buttonsOf(r[0]), 'Pay online', 'location')),
          },
        ]
      : [
          { name: '7 Pickup', send: (from) => buttonReplyMessage(from, 'act:pickup', 'Pickup'), replies: 1, read: (r, memory) => (memory.asap = pick(buttonsOf(r[0]), 'As soon as possible', 'pickup')) },
          {
            name: '8 As soon as possible',
            send: (from, memory) => buttonReplyMessage(from, memory.asap.id, memory.asap.title),
            replies: 1,
            read: (r, memory) => (memory.pay = pick(buttonsOf(r[0]), 'Pay online', 'asap')),
          },
        ]),
    {
      name: '9 Pay online -> payment link',
      send: (from, memory) => buttonReplyMessage(from, memory.pay.id, memory.pay.title),
      replies: 1,
      read: (r) => {
        const action = interactiveOf(r[0])?.action;
        if (interactiveOf(r[0])?.type !== 'cta_url' || !action.parameters.url.startsWith('https://checkout.stripe.com/')) {
          throw new Error(`pay: expected a Stripe payment link, got ${JSON.stringify(r[0].body).slice(0, 200)}`);
        }
      },
    },
  ];
}

async function main() {
  // Replies reach the customer waiting for them the moment the fake Graph API accepts them.
  const inboxes = new Map();
  const graph = await startFakeGraphApi((reply) => {
    const inbox = inboxes.get(reply.to);
    if (!inbox) return;
    inbox.replies.push(reply);
    inbox.wake?.();
  });
  const stripe = await startFakeStripeApi();
  const server = await startServer(join(__dirname, 'support/whatsapp-server.js'), [JSON.stringify({ setup: 'production', graphUrl: graph.url, stripePort: stripe.port })]);
  const { url, appSecret, workerEnv } = server.ready;
  const workers = [];
  for (let i = 0; i < WORKERS; i += 1) workers.push(await startWorker(workerEnv));
  const pids = { api: server.child.pid, ...Object.fromEntries(workers.map((worker, i) => [WORKERS > 1 ? `worker ${i + 1}` : 'worker', worker.pid])) };
  const client = httpClient(url, CUSTOMERS);
  const graphClient = httpClient(graph.url, CUSTOMERS);

  const post = async (path, inbound) => {
    const { body, headers } = signedWebhook(appSecret, messagesWebhook(inbound, 'Giulia Rossi'));
    const { status, text } = await client.post(path, headers, body);
    if (status !== 200) throw new Error(`${path} answered ${status}: ${text}`);
  };

  const record = { steps: new Map(), acks: [], failures: [], conversations: 0, replies: 0 };
  let phone = 0;
  /** One customer's whole conversation, with a number of its own; each step timed from POST to last reply. */
  async function converse(into) {
    const from = `3934${String(1_000_000 + phone++)}`;
    const inbox = { replies: [], wake: null };
    inboxes.set(from, inbox);
    const memory = {};
    try {
      for (const step of stepsFor(phone % 2 === 1)) {
        const seen = inbox.replies.length;
        const started = process.hrtime.bigint();
        await post('/webhooks/whatsapp', step.send(from, memory));
        into?.acks.push(Number(process.hrtime.bigint() - started) / 1e6);
        const deadline = Date.now() + STEP_TIMEOUT_MS;
        while (inbox.replies.length < seen + step.replies) {
          if (Date.now() > deadline) throw new Error(`${step.name}: ${inbox.replies.length - seen} of ${step.replies} replies after ${STEP_TIMEOUT_MS / 1000} s`);
          await new Promise((resolve) => {
            inbox.wake = resolve;
            setTimeout(resolve, 1000);
          });
        }
        const replies = inbox.replies.slice(seen, seen + step.replies);
        if (into) {
          const latencies = into.steps.get(step.name) ?? [];
          latencies.push(Number(replies.at(-1).at - started) / 1e6);
          into.steps.set(step.name, latencies);
          into.replies += step.replies;
        }
        step.read(replies, memory);
        if (THINK_MS) await new Promise((resolve) => setTimeout(resolve, THINK_MS * (0.5 + Math.random())));
      }
      if (into) into.conversations += 1;
    } catch (error) {
      into?.failures.push(error.message);
    } finally {
      // Late or extra replies would still count: keep the inbox until the end.
      inbox.wake = null;
    }
  }

  // Warm-up: JIT, pools, menu caches, unmeasured.
  await Promise.all(Array.from({ length: WARM_UP_CUSTOMERS }, () => converse(null)));

  // Baseline: a step without the work, by the same number of clients.
  const sampleReply = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '393400000000', type: 'text', text: { body: 'Choose a category 🍕', preview_url: false } };
  const graphHeaders = { 'content-type': 'application/json', authorization: 'Bearer EAAG-bench' };
  const idleBeforeBaseline = await waitForIdle(pids);
  const baseline = await closedLoop(CUSTOMERS, BASELINE_SECONDS, async (customer, i) => {
    await post('/bench/bare', textMessage(`3935${String(1_000_000 + customer * 1000 + i)}`, '2 large margheritas with extra mozzarella'));
    const { status } = await graphClient.post(`/v21.0/${PHONE_NUMBER_ID}/messages`, graphHeaders, JSON.stringify(sampleReply));
    if (status !== 200) throw new Error(`fake Graph API answered ${status}`);
  });

  // The conversations: every customer at once, each through ROUNDS conversations (a new number each time).
  const idleBeforeRun = await waitForIdle(pids);
  const sentBefore = graph.sentCount();
  const before = cpuSnapshot(pids);
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CUSTOMERS }, async (_, customer) => {
      // Customers don't all write in the same millisecond: their first messages spread over the first second, or over
      // the think time when there is one, so the run starts as it goes on.
      await new Promise((resolve) => setTimeout(resolve, (customer * Math.max(1000, THINK_MS)) / CUSTOMERS));
      for (let round = 0; round < ROUNDS; round += 1) await converse(record);
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  const cpu = cpuUsedSince(before, pids);
  // Anything sent after the last expected reply would be a reply too many.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const extraReplies = graph.sentCount() - sentBefore - record.replies;
  const paymentLinks = stripe.createdCount();

  client.close();
  graphClient.close();
  for (const worker of workers) await worker.stop();
  await server.stop();
  await graph.close();
  await stripe.close();

  const all = [...record.steps.values()].flat();
  const overall = summarize(all);
  const acks = summarize(record.acks);
  const steps = all.length;
  console.log(`Machine: ${machine()}; PostgreSQL + BullMQ on Redis; API (no job workers) + ${WORKERS} worker process${WORKERS > 1 ? 'es' : ''}; load generator, fake Graph API and fake Stripe in one more process; all on these cores`);
  console.log(
    `${CUSTOMERS} concurrent customers x ${ROUNDS} conversations each (${record.conversations} completed, ${record.failures.length} failed), think time ${THINK_MS ? `${THINK_MS / 2}-${(THINK_MS * 3) / 2} ms (uniform)` : '0 (saturation)'}; ` +
      `${idleBeforeBaseline && idleBeforeRun ? 'started once other processes had used < 10% of the CPU for 3 s' : 'other work was running on the machine'}`,
  );
  console.log('| step | count | p50 | p99 |');
  console.log('|---|---|---|---|');
  for (const [name, latencies] of [...record.steps].sort(([a], [b]) => a.localeCompare(b))) {
    const s = summarize(latencies);
    console.log(`| ${name} | ${s.count} | ${s.p50.toFixed(0)} ms | ${s.p99.toFixed(0)} ms |`);
  }
  console.log(`| every step (webhook POST -> last reply at the Graph API) | ${overall.count} | ${overall.p50.toFixed(0)} ms | ${overall.p99.toFixed(0)} ms |`);
  console.log(`| webhook acknowledged (within those steps) | ${acks.count} | ${acks.p50.toFixed(1)} ms | ${acks.p99.toFixed(1)} ms |`);
  console.log(`| baseline: bare route POST + fake Graph API POST, ${CUSTOMERS} clients | ${baseline.count} | ${baseline.p50.toFixed(1)} ms | ${baseline.p99.toFixed(1)} ms |`);
  console.log(
    `Conversations: ${(record.conversations / seconds).toFixed(1)}/s; steps: ${(steps / seconds).toFixed(0)}/s against ${Math.round(baseline.perSecond)}/s for the baseline ` +
      `(${((steps / seconds / baseline.perSecond) * 100).toFixed(1)}%); step p50 ${(overall.p50 / baseline.p50).toFixed(1)}x the baseline's`,
  );
  console.log(`Target (every step p99 < 300 ms): ${overall.p99 < 300 && record.failures.length === 0 ? 'met' : 'missed'}`);
  console.log(`CPU during the conversations: ${describeCpu(cpu, seconds, cpus().length)}; per step: ${Object.entries(cpu).filter(([, v]) => v >= 0.05).map(([role, v]) => `${role} ${((v / steps) * 1000).toFixed(2)} ms`).join(', ')}`);
  console.log(`Payment links created at the fake Stripe: ${paymentLinks} (warm-up included); replies beyond those expected: ${extraReplies}`);
  if (record.failures.length) console.log(`Failures (first 5): ${record.failures.slice(0, 5).join(' | ')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
