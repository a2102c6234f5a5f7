// The ceilings of the notifications benchmark, in a process of its own like the real worker: `count` jobs added to a
// BullMQ queue on the same Redis first, then a bare BullMQ worker (the notifications queue's concurrency) runs them,
// doing nothing (`noop`) or POSTing a WhatsApp text message to the fake Graph API as a notification's send does
// (`http`). It reports when each job completed; the benchmark times the runs from the first to the last.
// Argument: JSON { mode: 'noop' | 'http', count, concurrency, redisUrl, graphUrl, phoneNumberIds }
const IORedis = require('ioredis');
const { Queue, Worker } = require('bullmq');

async function main() {
  const { mode, count, concurrency, redisUrl, graphUrl, phoneNumberIds } = JSON.parse(process.argv[2]);
  const prefix = `benchbare${process.pid}`;
  const name = `bare-${mode}`;
  const connection = new IORedis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(name, { connection, prefix });
  for (let i = 0; i < count; i += 500) {
    await queue.addBulk(
      Array.from({ length: Math.min(500, count - i) }, (_, j) => ({
        name,
        data: { to: `39350${String(i + j).padStart(7, '0')}`, phoneNumberId: phoneNumberIds[(i + j) % phoneNumberIds.length] },
        opts: { jobId: `bare-${i + j}`, removeOnComplete: true, removeOnFail: true },
      })),
    );
  }
  const send = async ({ to, phoneNumberId }) => {
    const response = await fetch(`${graphUrl}/v21.0/${phoneNumberId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer EAAG-bench' },
      body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { body: 'Store notify-1 accepted order #1042. We will tell you when it is in the kitchen.', preview_url: false } }),
    });
    if (!response.ok) throw new Error(`The fake Graph API answered ${response.status}`);
    await response.arrayBuffer();
  };
  const completedAt = [];
  const done = new Promise((resolve) => {
    const worker = new Worker(name, async (job) => (mode === 'http' ? send(job.data) : undefined), { connection: new IORedis(redisUrl, { maxRetriesPerRequest: null }), prefix, concurrency });
    worker.on('completed', () => {
      completedAt.push(Date.now());
      if (completedAt.length === count) resolve(worker);
    });
  });
  const worker = await done;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  process.send({ completedAt });
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
