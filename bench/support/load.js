// Load generators.
// closedLoop: `concurrency` clients each doing `work` back to back for `seconds` (the most the server takes).
// openLoop: `work` started `rate` times a second for `seconds` whether or not earlier ones finished, as a provider
// sending webhooks does, with at most `maxInFlight` at once; latencies count from when each was due, so a server
// falling behind shows in them (no coordinated omission).
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
  return { ...summarize(latencies), perSecond: latencies.length / seconds, failures, latencies, seconds };
}

async function openLoop(rate, seconds, work, maxInFlight = Number.POSITIVE_INFINITY) {
  const latencies = [];
  const running = new Set();
  const waiting = [];
  let failures = 0;
  let started = 0;
  const total = Math.round(rate * seconds);
  const t0 = process.hrtime.bigint();
  const elapsedMs = () => Number(process.hrtime.bigint() - t0) / 1e6;

  const launch = (index, dueMs) => {
    const run = (async () => {
      try {
        await work(index);
        latencies.push(elapsedMs() - dueMs);
      } catch {
        failures += 1;
      }
    })().finally(() => {
      running.delete(run);
      const next = waiting.shift();
      if (next) launch(next.index, next.dueMs);
    });
    running.add(run);
  };

  while (started < total) {
    const due = Math.min(total, Math.floor((elapsedMs() * rate) / 1000) + 1);
    for (; started < due; started += 1) {
      const dueMs = (started * 1000) / rate;
      if (running.size < maxInFlight) launch(started, dueMs);
      else waiting.push({ index: started, dueMs });
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  while (running.size > 0 || waiting.length > 0) await Promise.race(running);
  const elapsed = elapsedMs() / 1000;
  return { ...summarize(latencies), perSecond: latencies.length / elapsed, offered: rate, failures, latencies, seconds: elapsed };
}

/** Several runs of one kind taken as one: their latencies together, their counts over their summed durations. */
function combine(runs) {
  const latencies = runs.flatMap((run) => run.latencies);
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  return { ...summarize(latencies), perSecond: latencies.length / seconds, failures: runs.reduce((sum, run) => sum + run.failures, 0), latencies, seconds };
}

module.exports = { closedLoop, openLoop, combine };
