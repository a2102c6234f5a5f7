// WhatsApp webhooks acknowledged per second through POST /webhooks/whatsapp: each a signed `messages` webhook with one
// text message (a new wamid, from one of 1,000 customers), its X-Hub-Signature-256 computed per request; the route
// verifies it, stores the message once (the unique insert) and queues its conversation before answering 200. Next to
// POST /bench/bare on the same server (same body, no work) as the ceiling, in the same run, alternating rounds:
//   closed loop: 100 concurrent senders back to back (the most the server acknowledges);
//   open loop:   1,000 webhooks a second offered, at most 100 in flight (the target's load; latency from when due).
// Setups: production (PostgreSQL, BullMQ on Redis, the API running no workers; measured without and then with one
// worker process answering the messages on the same two cores) and embedded (SQLite, database job queue, workers in
// the API: the defaults). Needs PostgreSQL (TEST_DATABASE_URL), Redis (TEST_REDIS_URL) and a build:
//   npm run build && node bench/whatsapp-ingest.bench.js [setup=all|production|embedded] [seconds=5] [rounds=2]
const { cpus } = require('node:os');
const { join } = require('node:path');
const { startFakeGraphApi } = require('./support/fake-graph-api');
const { httpClient } = require('./support/http-client');
const { closedLoop, combine, openLoop } = require('./support/load');
const { cpuSnapshot, cpuUsedSince, describeCpu, startServer, startWorker, waitForIdle } = require('./support/processes');
const { machine } = require('./support/stats');
const { messagesWebhook, signedWebhook, textMessage } = require('./support/whatsapp-webhooks');

const which = process.argv[2] ?? 'all';
const seconds = Number(process.argv[3] ?? 5);
const rounds = Number(process.argv[4] ?? 2);
const SENDERS = 100;
const RATE = 1000;
const CUSTOMERS = 1000;
const TEXTS = ['Hi!', 'menu please', 'what are your opening hours?', 'where is my order'];

async function measureSetup(setup) {
  const graph = await startFakeGraphApi();
  const server = await startServer(join(__dirname, 'support/whatsapp-server.js'), [JSON.stringify({ setup, graphUrl: graph.url })]);
  const { url, appSecret, workerEnv } = server.ready;
  const client = httpClient(url, SENDERS);
  let sent = 0;
  const post = async (path) => {
    const n = sent++;
    const from = `39333${String(1_000_000 + (n % CUSTOMERS))}`;
    const { body, headers } = signedWebhook(appSecret, messagesWebhook(textMessage(from, TEXTS[n % TEXTS.length]), `Customer ${n % CUSTOMERS}`));
    const { status, text } = await client.post(path, headers, body);
    if (status !== 200 || text !== '{"received":true}') throw new Error(`${status} ${text}`);
  };
  const webhook = () => post('/webhooks/whatsapp');
  const bare = () => post('/bench/bare');
  let acknowledged = 0;
  const counted = async () => {
    await webhook();
    acknowledged += 1;
  };

  const pids = { api: server.child.pid };
  let idleWaitsMissed = 0;
  const rows = [];
  /** Alternating rounds of the bare route and the webhook under one load; CPU used counted for the webhook rounds. */
  const compare = async (name, load) => {
    const bareRuns = [];
    const webhookRuns = [];
    const cpu = {};
    let cpuSeconds = 0;
    for (let round = 0; round < rounds; round += 1) {
      if (!(await waitForIdle(pids))) idleWaitsMissed += 1;
      // Each measurement follows one unmeasured second of the same load, so it starts in its steady state.
      await load(bare, 1);
      bareRuns.push(await load(bare, seconds));
      await load(counted, 1);
      const before = cpuSnapshot(pids);
      const run = await load(counted, seconds);
      webhookRuns.push(run);
      for (const [role, used] of Object.entries(cpuUsedSince(before, pids))) cpu[role] = (cpu[role] ?? 0) + used;
      cpuSeconds += run.seconds;
    }
    const webhook = combine(webhookRuns);
    const perMessage = Object.entries(cpu)
      .filter(([, used]) => used >= 0.05)
      .map(([role, used]) => `${role} ${((used / webhook.count) * 1000).toFixed(2)} ms`)
      .join(', ');
    rows.push({ name, bare: combine(bareRuns), webhook, cpu: `${describeCpu(cpu, cpuSeconds, cpus().length)}; per message: ${perMessage}` });
  };
  const closed = (work, duration) => closedLoop(SENDERS, duration, work);
  const open = (work, duration) => openLoop(RATE, duration, work, SENDERS);

  // Warm-up: JIT, connections (all the senders'), pools, the store's id remembered.
  await closedLoop(SENDERS, 2, bare);
  await closedLoop(SENDERS, 2, counted);

  const label = setup === 'production' ? 'no worker running' : 'workers in the API (the default)';
  // Replies the fake Graph API received per second while messages were being answered during the measurements.
  const answering = { seconds: 0, replies: 0 };
  const whileAnswering = async (measure) => {
    const started = Date.now();
    const before = graph.sentCount();
    await measure();
    answering.seconds += (Date.now() - started) / 1000;
    answering.replies += graph.sentCount() - before;
  };
  if (setup === 'production') {
    await compare(`closed loop, ${SENDERS} senders; ${label}`, closed);
    await compare(`open loop, ${RATE}/s offered, <= ${SENDERS} in flight; ${label}`, open);
    const worker = await startWorker(workerEnv);
    pids.worker = worker.pid;
    // Let it start on the backlog the runs above left, so it is busy answering throughout the next runs.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await whileAnswering(async () => {
      await compare(`closed loop, ${SENDERS} senders; 1 worker process answering`, closed);
      await compare(`open loop, ${RATE}/s offered, <= ${SENDERS} in flight; 1 worker process answering`, open);
    });
    await worker.stop();
  } else {
    await whileAnswering(async () => {
      await compare(`closed loop, ${SENDERS} senders; ${label}`, closed);
      await compare(`open loop, ${RATE}/s offered, <= ${SENDERS} in flight; ${label}`, open);
    });
  }
  const counts = await server.ask('counts', 'counts');
  client.close();
  await server.stop();
  await graph.close();
  return { setup, rows, counts, acknowledged, answering, idleWaitsMissed };
}

function print({ setup, rows, counts, acknowledged, answering, idleWaitsMissed }) {
  const title = setup === 'production' ? 'production: PostgreSQL 15 + BullMQ on Redis, API with no job workers' : 'embedded default: SQLite + database job queue, job workers in the API process';
  console.log(`\n### ${title}`);
  console.log(`${rounds} alternating rounds of ${seconds} s per row and route, each pair started once other processes had used < 10% of the CPU for 3 s${idleWaitsMissed ? ` (not reached before ${idleWaitsMissed} of them: other work was running)` : ''}`);
  console.log('| load | route | acknowledged/s | p50 | p99 | failures |');
  console.log('|---|---|---|---|---|---|');
  for (const row of rows) {
    const line = (route, r) => `| ${row.name} | ${route} | ${Math.round(r.perSecond)} | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${r.failures} |`;
    console.log(line('POST /bench/bare (ceiling)', row.bare));
    console.log(line('POST /webhooks/whatsapp', row.webhook));
  }
  for (const row of rows) {
    const meets = row.webhook.perSecond >= 1000 * 0.99 && row.webhook.p99 < 50;
    const ratio = row.name.startsWith('open')
      ? `${Math.round(row.webhook.perSecond)} of ${RATE}/s offered acknowledged, p99 ${(row.webhook.p99 / row.bare.p99).toFixed(1)}x the bare route's`
      : `webhook / ceiling ${((row.webhook.perSecond / row.bare.perSecond) * 100).toFixed(0)}% of the throughput`;
    console.log(`${row.name}: ${ratio}; target (>= 1,000/s, p99 < 50 ms) ${meets ? 'met' : 'missed'}; CPU during the webhook rounds: ${row.cpu}`);
  }
  console.log(`Stored: ${counts.received} received messages for ${acknowledged} acknowledged webhooks (${counts.unprocessed} not yet answered when the server stopped)`);
  console.log(`Answering (${setup === 'production' ? 'the worker process' : 'the API\'s own job workers'}) sent ${(answering.replies / answering.seconds).toFixed(0)} replies/s to the fake Graph API while webhooks came in (idle waits included)`);
}

async function main() {
  const setups = which === 'all' ? ['production', 'embedded'] : [which];
  console.log(`Machine: ${machine()}; load generator, API, worker, PostgreSQL and Redis all on these cores`);
  for (const setup of setups) print(await measureSetup(setup));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
