import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { type JobContext, type JobHandler, RetryJobLaterError, UnrecoverableJobError } from '@parley/plugin-sdk';
import { scratchDatabase, TEST_REDIS_URL } from '@parley/testing';
import { Queue } from 'bullmq';
import IORedis, { type Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config.schema';
import { dataSourceOptions } from '../database/data-source-options';
import { UnitOfWork } from '../database/unit-of-work';
import { EventBusService } from '../events/event-bus.service';
import { BullmqJobEngine } from './bullmq-job-engine';
import type { JobEngine } from './job-engine';
import { JobQueueService } from './job-queue.service';
import { JobRecord } from './job-record.entity';
import { SqlJobEngine } from './sql-job-engine';

/**
 * The JobQueue contract, run against every engine: BullMQ on the real Redis, and the database queue on SQLite and on
 * PostgreSQL. Timings are shortened (polling, leases, stall checks) so a crashed worker's job comes back in about a
 * second; everything else runs as in production.
 */

jest.setTimeout(20_000);

type JobState = 'waiting' | 'active' | 'completed' | 'failed' | 'missing';

/** One engine set-up. A scope is one test's isolated corner of it. */
interface Backend {
  scope(): Scope;
  close(): Promise<void>;
}

interface Scope {
  /** A new engine instance on the same store, as another process of the same deployment would have. */
  engine(): Promise<JobEngine>;
  /** Kills the process running `engine`: it stops renewing its leases or locks and cleans nothing up. */
  crash(engine: JobEngine): Promise<void>;
  /** Where a job stands, as the store sees it. */
  state(queue: string, jobId: string): Promise<JobState>;
  /** Closes what the test left open and deletes what it stored. */
  cleanup(): Promise<void>;
}

function bullmqBackend(): Backend {
  const admin = new IORedis(TEST_REDIS_URL, { maxRetriesPerRequest: 3 });
  return {
    scope() {
      // A prefix of its own per test: nothing one test leaves in Redis can reach another.
      const prefix = `contract-${randomBytes(5).toString('hex')}`;
      const engines: BullmqJobEngine[] = [];
      return {
        async engine() {
          const engine = new BullmqJobEngine(TEST_REDIS_URL, prefix, { lockDurationMs: 1000, stalledIntervalMs: 500 });
          engines.push(engine);
          return engine;
        },
        async crash(engine) {
          // A force-close stops the worker's lock renewal and walks away from its running job, like a dead process.
          await Promise.all((engine as BullmqJobEngine)['workers'].map((worker) => worker.close(true)));
        },
        async state(queueName, jobId) {
          const queue = new Queue(queueName, { connection: admin, prefix });
          try {
            const state = await queue.getJobState(jobId);
            if (state === 'unknown') return 'missing';
            if (state === 'active' || state === 'completed' || state === 'failed') return state;
            return 'waiting';
          } finally {
            await queue.close();
          }
        },
        async cleanup() {
          await closeAll(engines);
          await deleteKeys(admin, `${prefix}:*`);
        },
      };
    },
    async close() {
      await admin.quit();
    },
  };
}

async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

async function sqlBackend(kind: 'sqlite' | 'postgres'): Promise<Backend> {
  const scratch = await scratchDatabase(kind);
  const options = dataSourceOptions({ database: scratch.database });
  const admin = await new DataSource(options).initialize();
  await admin.runMigrations();
  return {
    // Tests share the database: each uses queue names and job ids of its own.
    scope() {
      const engines = new Map<SqlJobEngine, DataSource>();
      return {
        async engine() {
          // Its own connection, as another process would have: a crash can then take it away.
          const dataSource = await new DataSource(options).initialize();
          const engine = new SqlJobEngine(dataSource, new UnitOfWork(dataSource, new EventBusService()), {
            pollIntervalMs: 25,
            leaseMs: 1000,
          });
          engines.set(engine, dataSource);
          return engine;
        },
        async crash(engine) {
          // The process's connection dies with it: heartbeats stop reaching the database and the lease runs out.
          await engines.get(engine as SqlJobEngine)!.destroy();
        },
        async state(_queue, jobId) {
          const job = await admin.getRepository(JobRecord).findOneBy({ dedupeKey: jobId });
          return job?.state ?? 'missing';
        },
        async cleanup() {
          await closeAll([...engines.keys()]);
          await Promise.all([...engines.values()].filter((ds) => ds.isInitialized).map((ds) => ds.destroy()));
        },
      };
    },
    async close() {
      await admin.destroy();
      await scratch.drop();
    },
  };
}

/** Closes engines; one that does not drain within a few seconds fails the test instead of hanging the suite. */
async function closeAll(engines: JobEngine[]): Promise<void> {
  await Promise.all(engines.map((engine) => within(5000, engine.close(), 'an engine to close')));
}

function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

const openGates: (() => void)[] = [];

/**
 * A promise the test resolves when it chooses: holds a job "running" for as long as the test needs. Every gate is
 * opened after the test at the latest, so that no handler is left pending and every engine can drain.
 */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  openGates.push(open);
  return { opened, open };
}

interface Run<T> extends JobContext<T> {
  startedAt: number;
  endedAt?: number;
}

/** A handler that records every run, then does what `behaviour` says (throw to fail the run). */
function recorder<T>(behaviour: (job: JobContext<T>) => Promise<void> | void = () => undefined) {
  const runs: Run<T>[] = [];
  const handler: JobHandler<T> = async (job) => {
    const run: Run<T> = { ...job, startedAt: Date.now() };
    runs.push(run);
    try {
      await behaviour(job);
    } finally {
      run.endedAt = Date.now();
    }
  };
  return { runs, handler, of: (id: string) => runs.filter((run) => run.id === id) };
}

/** The engine behind the JobQueueService, as the platform uses it (defaults, job id rules, start and drain). */
function serviceFor(engine: JobEngine): JobQueueService {
  return new JobQueueService(engine, { runWorkers: true, redis: null } as AppConfig);
}

const BACKENDS: [string, () => Promise<Backend>][] = [
  ['BullMQ on Redis', async () => bullmqBackend()],
  ['the SQL engine on SQLite', () => sqlBackend('sqlite')],
  ['the SQL engine on PostgreSQL', () => sqlBackend('postgres')],
];

beforeAll(() => {
  // Failing jobs and a crashed process are the point of several tests: keep their logs out of the output
  // (JOB_LOGS=1 shows them).
  Logger.overrideLogger(process.env.JOB_LOGS ? ['error', 'warn', 'log'] : false);
});

describe.each(BACKENDS)('JobQueue contract: %s', (_name, makeBackend) => {
  let backend: Backend;
  let scope: Scope;
  let queue: string;
  let tag: string;
  /** A job id unique to this test (the SQL engine's ids are unique across queues, and tests share a database). */
  const id = (name: string) => `${name}-${tag}`;

  beforeAll(async () => {
    backend = await makeBackend();
  });
  afterAll(() => backend?.close());

  beforeEach(() => {
    scope = backend.scope();
    tag = randomBytes(4).toString('hex');
    queue = `contract-${tag}`;
  });
  afterEach(async () => {
    openGates.splice(0).forEach((open) => open());
    await scope.cleanup();
  });

  async function worker(define: (service: JobQueueService) => void, { start = true } = {}) {
    const engine = await scope.engine();
    const service = serviceFor(engine);
    define(service);
    if (start) await service.onApplicationBootstrap();
    return { engine, service };
  }

  it('runs an added job once, with its data, as attempt 1', async () => {
    const job = recorder<{ orderId: string } | undefined>();
    const { service } = await worker((s) => s.define(queue, job.handler));

    await service.add(queue, { orderId: 'o-1' }, { jobId: id('notify') });
    await service.add(queue, { orderId: 'o-2' });
    await service.add(queue, undefined, { jobId: id('no-data') });

    await waitFor('the jobs to run', () => job.runs.length === 3);
    await waitFor('the job to complete', async () => (await scope.state(queue, id('notify'))) === 'completed');
    await sleep(300);
    expect(job.runs).toHaveLength(3);
    expect(job.of(id('notify'))).toEqual([expect.objectContaining({ queue, data: { orderId: 'o-1' }, attempt: 1 })]);
    const [generated] = job.runs.filter((run) => run.data?.orderId === 'o-2');
    expect(generated).toMatchObject({ queue, id: expect.stringMatching(/.+/), attempt: 1 });
    // BullMQ hands a job added without data `{}`: every engine does.
    expect(job.of(id('no-data'))).toEqual([expect.objectContaining({ data: {}, attempt: 1 })]);
  });

  it('retries a failing job with exponential backoff until it succeeds, and stops after `attempts` runs', async () => {
    const backoffMs = 200;
    const job = recorder<{ failures: number }>((run) => {
      if (run.attempt <= run.data.failures) throw new Error(`failure ${run.attempt}`);
    });
    const { service } = await worker((s) => s.define(queue, job.handler, { attempts: 3, backoffMs }));

    await service.add(queue, { failures: 2 }, { jobId: id('flaky') });
    await service.add(queue, { failures: 99 }, { jobId: id('hopeless') });
    await service.add(queue, { failures: 99 }, { jobId: id('impatient'), attempts: 2 });

    await waitFor('the flaky job to succeed', async () => (await scope.state(queue, id('flaky'))) === 'completed');
    await waitFor('the hopeless job to fail', async () => (await scope.state(queue, id('hopeless'))) === 'failed');
    await waitFor('the impatient job to fail', async () => (await scope.state(queue, id('impatient'))) === 'failed');
    await sleep(3 * backoffMs);

    expect(job.of(id('flaky')).map((run) => run.attempt)).toEqual([1, 2, 3]);
    expect(job.of(id('hopeless')).map((run) => run.attempt)).toEqual([1, 2, 3]);
    expect(job.of(id('impatient')).map((run) => run.attempt)).toEqual([1, 2]);

    // Full jitter over a doubling ceiling: the first retry waits backoffMs/2..backoffMs, the second backoffMs..2x.
    const [first, second, third] = job.of(id('flaky'));
    expect(second.startedAt - first.endedAt!).toBeGreaterThanOrEqual(backoffMs / 2 - 10);
    expect(third.startedAt - second.endedAt!).toBeGreaterThanOrEqual(backoffMs - 10);
  });

  it('stops retrying at once on UnrecoverableJobError', async () => {
    const job = recorder(() => {
      throw new UnrecoverableJobError('no such recipient');
    });
    const { service } = await worker((s) => s.define(queue, job.handler, { attempts: 5, backoffMs: 50 }));

    await service.add(queue, {}, { jobId: id('doomed') });

    await waitFor('the job to fail', async () => (await scope.state(queue, id('doomed'))) === 'failed');
    await sleep(300);
    expect(job.runs.map((run) => run.attempt)).toEqual([1]);
  });

  it('runs a job again after the delay a RetryJobLaterError asks for, counting an attempt only when it says so', async () => {
    const job = recorder<{ waits: number }>((run) => {
      const before = job.of(run.id).length - 1;
      // Five waits first (a rate limit, another job), then a provider's Retry-After, then success.
      if (before < run.data.waits) throw new RetryJobLaterError('waiting for my turn', 50, false);
      if (before === run.data.waits) throw new RetryJobLaterError('Retry-After: 0.3 s', 300);
    });
    const { service } = await worker((s) => s.define(queue, job.handler, { attempts: 2, backoffMs: 5000 }));

    await service.add(queue, { waits: 5 }, { jobId: id('patient') });

    await waitFor('the job to complete', async () => (await scope.state(queue, id('patient'))) === 'completed');
    const runs = job.of(id('patient'));
    // Waiting used up no attempt: six runs as attempt 1, the run after Retry-After as attempt 2 of 2.
    expect(runs.map((run) => run.attempt)).toEqual([1, 1, 1, 1, 1, 1, 2]);
    expect(runs.map((run) => run.data)).toEqual(runs.map(() => ({ waits: 5 })));
    const retryAfter = runs[6].startedAt - runs[5].endedAt!;
    expect(retryAfter).toBeGreaterThanOrEqual(290);
    // The Retry-After wins over the queue's own 5 s backoff.
    expect(retryAfter).toBeLessThan(3000);
  });

  it('does not run a delayed job before its delay', async () => {
    const job = recorder<string>();
    const { service } = await worker((s) => s.define(queue, job.handler));

    const addedAt = Date.now();
    await service.add(queue, 'later', { jobId: id('later'), delayMs: 700 });
    await service.add(queue, 'now', { jobId: id('now') });

    await waitFor('the undelayed job to run', () => job.of(id('now')).length === 1);
    expect(job.of(id('later'))).toHaveLength(0);
    expect(await scope.state(queue, id('later'))).toBe('waiting');

    await waitFor('the delayed job to run', () => job.of(id('later')).length === 1, 3000);
    const [later] = job.of(id('later'));
    expect(later.startedAt - addedAt).toBeGreaterThanOrEqual(700 - 5);
    expect(later.data).toBe('later');
  });

  it('runs a job once however often its jobId is added, while waiting and after it finished', async () => {
    const job = recorder<{ version: number }>();
    const { service } = await worker((s) => s.define(queue, job.handler), { start: false });

    // Added again while the first is still waiting (workers not started yet): the first one stands.
    await service.add(queue, { version: 1 }, { jobId: id('welcome') });
    await service.add(queue, { version: 2 }, { jobId: id('welcome') });
    // Two adds racing each other.
    await Promise.all([
      service.add(queue, { version: 1 }, { jobId: id('receipt') }),
      service.add(queue, { version: 2 }, { jobId: id('receipt') }),
    ]);
    await service.onApplicationBootstrap();

    await waitFor('both jobs to complete', async () =>
      (await scope.state(queue, id('welcome'))) === 'completed' && (await scope.state(queue, id('receipt'))) === 'completed',
    );
    // Added again after it finished, within the retention window: still ignored.
    await service.add(queue, { version: 3 }, { jobId: id('welcome') });
    await sleep(400);

    expect(job.of(id('welcome')).map((run) => run.data)).toEqual([{ version: 1 }]);
    expect(job.of(id('receipt'))).toHaveLength(1);
  });

  it('adds many jobs in one call, each run once, skipping ids the queue holds and ids repeated in the call', async () => {
    const job = recorder<{ n: number }>();
    const { service } = await worker((s) => s.define(queue, job.handler), { start: false });
    await service.add(queue, { n: 0 }, { jobId: id('held') });

    await service.addMany(queue, [
      ...Array.from({ length: 30 }, (_, n) => ({ data: { n: n + 1 }, options: { jobId: id(`bulk${n + 1}`) } })),
      { data: { n: 99 }, options: { jobId: id('held') } },
      { data: { n: 100 }, options: { jobId: id('bulk1') } },
      { data: { n: 101 }, options: { delayMs: 300 } },
    ]);
    await service.addMany(queue, []);
    await service.onApplicationBootstrap();

    await waitFor('every job to run', () => job.runs.length === 32);
    await sleep(300);
    expect(job.runs.map((run) => run.data.n).sort((a, b) => a - b)).toEqual([0, ...Array.from({ length: 30 }, (_, n) => n + 1), 101]);
  });

  it('runs up to `concurrency` jobs at once, and no more', async () => {
    let running = 0;
    let most = 0;
    const job = recorder(async () => {
      running += 1;
      most = Math.max(most, running);
      await sleep(150);
      running -= 1;
    });
    const { service } = await worker((s) => s.define(queue, job.handler, { concurrency: 3 }), { start: false });
    for (let n = 0; n < 8; n += 1) await service.add(queue, n, { jobId: id(`job${n}`) });
    await service.onApplicationBootstrap();

    await waitFor('all jobs to run', () => job.runs.length === 8 && running === 0);
    expect(most).toBeLessThanOrEqual(3);
    expect(most).toBeGreaterThan(1);
    expect(job.runs.map((run) => run.data).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('runs a job again in another process when the one running it died, within its attempts', async () => {
    const stuck = gate();
    const dying = recorder<{ orderId: string }>(() => stuck.opened);
    const settings = { attempts: 3, concurrency: 2 };
    const { engine: doomed, service } = await worker((s) => s.define(queue, dying.handler, settings));
    await service.add(queue, { orderId: 'o-7' }, { jobId: id('invoice') });
    // Allowed one run only: the one the crash cut short counts.
    await service.add(queue, { orderId: 'o-8' }, { jobId: id('charge'), attempts: 1 });
    await waitFor('the first process to start both jobs', () => dying.runs.length === 2);
    await scope.crash(doomed);

    const survivor = recorder<{ orderId: string }>();
    await worker((s) => s.define(queue, survivor.handler, settings));

    await waitFor('the second process to run the job', () => survivor.of(id('invoice')).length > 0, 8000);
    expect(survivor.of(id('invoice'))).toEqual([expect.objectContaining({ data: { orderId: 'o-7' }, attempt: 2 })]);
    await waitFor('the job to complete', async () => (await scope.state(queue, id('invoice'))) === 'completed');
    await waitFor('the one-attempt job to fail', async () => (await scope.state(queue, id('charge'))) === 'failed');
    expect(survivor.of(id('charge'))).toEqual([]);
    expect(dying.runs).toHaveLength(2);
  });

  it('counts the jobs of every defined queue by state, jobs not due yet (a delay, a backoff) as delayed', async () => {
    const hold = gate();
    const job = recorder<string>(async (run) => {
      if (run.data === 'doomed') throw new UnrecoverableJobError('no such recipient');
      if (run.data === 'flaky') throw new Error('provider down');
      if (run.data === 'slow') await hold.opened;
    });
    const { service } = await worker((s) => {
      s.define(queue, job.handler, { concurrency: 1, attempts: 2, backoffMs: 60_000 });
      s.define(`${queue}-idle`, job.handler);
    });

    for (const name of ['quick', 'doomed', 'flaky', 'slow']) await service.add(queue, name, { jobId: id(name) });
    // One at a time: once the slow job runs, the three before it have been recorded.
    await waitFor('the slow job to start', () => job.of(id('slow')).length === 1);
    await service.add(queue, 'next', { jobId: id('next') });
    await service.add(queue, 'later', { jobId: id('later'), delayMs: 60_000 });

    expect(await service.counts()).toEqual({
      [queue]: { waiting: 1, active: 1, delayed: 2, completed: 1, failed: 1 },
      [`${queue}-idle`]: { waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 },
    });
  });

  it('drains on close: waits for the running job, and starts none added after close', async () => {
    const release = gate();
    const job = recorder<string>((run) => (run.data === 'running' ? release.opened : undefined));
    const { service } = await worker((s) => s.define(queue, job.handler));

    await service.add(queue, 'running', { jobId: id('running') });
    await waitFor('the job to start', () => job.runs.length === 1);

    let closedAt = 0;
    const closed = service.beforeApplicationShutdown().then(() => (closedAt = Date.now()));
    await sleep(50);
    await service.add(queue, 'late', { jobId: id('late') });
    await sleep(250);
    expect(closedAt).toBe(0);

    release.open();
    await within(5000, closed, 'close() to resolve');
    expect(job.runs[0].endedAt).toBeLessThanOrEqual(closedAt);
    expect(await scope.state(queue, id('running'))).toBe('completed');

    await sleep(300);
    expect(job.of(id('late'))).toHaveLength(0);
    expect(await scope.state(queue, id('late'))).toBe('waiting');

    // Not lost: the next process to start runs it.
    const next = recorder<string>();
    await worker((s) => s.define(queue, next.handler));
    await waitFor('another process to run the late job', () => next.runs.length === 1);
    expect(next.runs[0]).toMatchObject({ id: id('late'), data: 'late', attempt: 1 });
  });
});

describe('JobQueueService job ids', () => {
  it('refuses ids with ":" or only digits, which BullMQ cannot store, before they reach the engine', async () => {
    const added: string[] = [];
    const engine: JobEngine = {
      define: () => undefined,
      add: async (_queue, jobs) => void added.push(...jobs.map(({ options }) => options.jobId!)),
      start: async () => undefined,
      close: async () => undefined,
      health: async () => 'not configured',
      counts: async () => ({ waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 }),
      onRun: () => undefined,
    };
    const service = serviceFor(engine);
    service.define('mail', async () => undefined);

    await expect(service.add('mail', {}, { jobId: 'order:42' })).rejects.toThrow('Job id "order:42" must be letters, digits');
    await expect(service.add('mail', {}, { jobId: '42' })).rejects.toThrow('not only digits');
    await service.add('mail', {}, { jobId: 'notification-42' });
    // One bad id in a batch: nothing of it is added.
    await expect(service.addMany('mail', [{ data: {}, options: { jobId: 'notification-43' } }, { data: {}, options: { jobId: '44' } }])).rejects.toThrow('Job id "44"');
    expect(added).toEqual(['notification-42']);
  });
});
