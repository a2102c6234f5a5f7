// A closed-loop load generator: `concurrency` clients each doing `work` back to back for `seconds`.
const { summarize } = require('./stats');

async function closedLoop(concurrency, seconds, work) {
  const latencies = [];
  let failures = 0;
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, client) => {
      for (let i = 0; Date.now() < until; i += 1) {
        const started = process.hrtime.bigint();
        try {
          await work(client, i);
          latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
        } catch {
          failures += 1;
        }
      }
    }),
  );
  return { ...summarize(latencies), perSecond: latencies.length / seconds, failures };
}

module.exports = { closedLoop };
