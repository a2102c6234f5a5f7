// The processes of a benchmark: a server script forked with an IPC channel, the real worker (apps/worker/dist/main.js)
// as an operator starts it, and the CPU time each process (and PostgreSQL and Redis) used, from /proc.
const { fork, spawn } = require('node:child_process');
const { readdirSync, readFileSync } = require('node:fs');
const { createServer } = require('node:net');
const { cpus } = require('node:os');
const { join } = require('node:path');

const WORKER_MAIN = join(__dirname, '../../apps/worker/dist/main.js');

/** Forks `script` with `args`; resolves with the child and its first message (what it tells once it listens). */
async function startServer(script, args = []) {
  const child = fork(script, args, { stdio: 'inherit' });
  const ready = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return {
    child,
    ready,
    /** Sends `message` and resolves with the next reply that has `key`. */
    ask(message, key) {
      return new Promise((resolve) => {
        const listener = (reply) => {
          if (reply && reply[key] !== undefined) {
            child.off('message', listener);
            resolve(reply[key]);
          }
        };
        child.on('message', listener);
        child.send(message);
      });
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('stop');
      await exited;
    },
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts `node apps/worker/dist/main.js` with `env`; resolves once its /health answers. */
async function startWorker(env) {
  const port = await freePort();
  // BENCH_WORKER_NODE_ARGS: node options for the worker alone (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it).
  const nodeArgs = process.env.BENCH_WORKER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, WORKER_MAIN], {
    env: { ...process.env, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn', ...env, WORKER_PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // Not left running if the benchmark stops early.
  const orphaned = () => child.kill('SIGKILL');
  process.once('exit', orphaned);
  for (const deadline = Date.now() + 60_000; ; ) {
    if (child.exitCode !== null) throw new Error(`The worker exited with ${child.exitCode}`);
    const healthy = await fetch(`http://127.0.0.1:${port}/health`).then((response) => response.ok, () => false);
    if (healthy) break;
    if (Date.now() > deadline) throw new Error('The worker did not become healthy within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    pid: child.pid,
    async stop() {
      process.off('exit', orphaned);
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const TICKS_PER_SECOND = 100;

function cpuSecondsOf(pid, withExitedChildren = false) {
  try {
    // Fields after the command (which may hold spaces) start at ") "; utime and stime are the 14th and 15th fields,
    // cutime and cstime (what its children used before they exited) the 16th and 17th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const children = withExitedChildren ? Number(fields[13]) + Number(fields[14]) : 0;
    return (Number(fields[11]) + Number(fields[12]) + children) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

function cpuSecondsOfCommand(name) {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // PostgreSQL's backends exit when their connection closes (pools close idle ones); what they used stays
      // counted in their parent's children's times, or the figure would drop when one exits.
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) total += cpuSecondsOf(entry, true);
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** CPU seconds the whole machine has been busy (all cores), from /proc/stat. */
function machineBusySeconds() {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
}

/**
 * CPU seconds used so far by the named processes (`{ api: pid, ... }`), every PostgreSQL and Redis process, this one,
 * and the machine as a whole. `cpuUsedSince(before)` gives the differences, with what everything else used as "other".
 */
function cpuSnapshot(pids) {
  const usage = process.cpuUsage();
  const snapshot = { 'load generator': (usage.user + usage.system) / 1e6 };
  for (const [role, pid] of Object.entries(pids)) snapshot[role] = cpuSecondsOf(pid);
  snapshot.postgres = cpuSecondsOfCommand('postgres');
  snapshot.redis = cpuSecondsOfCommand('redis-server');
  snapshot.machine = machineBusySeconds();
  return snapshot;
}

function cpuUsedSince(before, pids) {
  const now = cpuSnapshot(pids);
  const used = Object.fromEntries(Object.keys(now).map((role) => [role, now[role] - (before[role] ?? 0)]));
  const ours = Object.entries(used).reduce((sum, [role, value]) => (role === 'machine' ? sum : sum + value), 0);
  // PostgreSQL's and Redis's figures include other users of them; "other" is the rest of the machine.
  used.other = Math.max(0, used.machine - ours);
  delete used.machine;
  return used;
}

/** "api 1.2 s, worker 0.8 s, ...; 85% of 2 cores over 5.0 s": the CPU each used over a duration in seconds. */
function describeCpu(used, seconds, cores) {
  const total = Object.values(used).reduce((sum, value) => sum + value, 0);
  const parts = Object.entries(used)
    .filter(([, value]) => value >= 0.05)
    .map(([role, value]) => `${role} ${value.toFixed(1)} s`);
  return `${parts.join(', ')}; ${((total / (seconds * cores)) * 100).toFixed(0)}% of ${cores} cores over ${seconds.toFixed(1)} s`;
}

/**
 * Waits until processes other than the benchmark's own (`pids`, this one, PostgreSQL, Redis) have used at most 10% of
 * the machine for 3 s in a row (other work on a shared machine skews the figures), for at most `maxSeconds`.
 * Resolves with whether they did.
 */
async function waitForIdle(pids = {}, maxSeconds = 120) {
  const deadline = Date.now() + maxSeconds * 1000;
  let quiet = 0;
  while (Date.now() < deadline) {
    const before = cpuSnapshot(pids);
    await new Promise((resolve) => setTimeout(resolve, 500));
    quiet = cpuUsedSince(before, pids).other <= 0.1 * 0.5 * cpus().length ? quiet + 1 : 0;
    if (quiet >= 6) return true;
  }
  return false;
}

module.exports = { startServer, startWorker, cpuSnapshot, cpuUsedSince, describeCpu, waitForIdle };
