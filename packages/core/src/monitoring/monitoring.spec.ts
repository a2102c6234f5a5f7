import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { JobQueue } from '@parley/plugin-sdk';
import { createTestApp, scratchDatabase, type TestApp } from '@parley/testing';
import request from 'supertest';
import { createWorker } from '../app/bootstrap';
import { environmentSchema, toAppConfig } from '../config/config.schema';
import { createRootLogger } from '../logging/logger';
import { ApiKeyService } from '../stores/api-key.service';
import { ECHO_QUEUE, type EchoJob } from './fixtures/echo-queue.plugin';

const TOKEN = randomBytes(24).toString('hex');
const ECHO_PLUGIN = { package: resolve(__dirname, 'fixtures/echo-queue.plugin.ts'), options: {} };

/** The samples of a Prometheus text exposition, looked up by metric name and labels. */
function parseMetrics(text: string) {
  const samples = text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [, name, labels = '', value] = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)!;
      return { name, labels: Object.fromEntries([...labels.matchAll(/(\w+)="([^"]*)"/g)].map(([, key, label]) => [key, label])), value: Number(value) };
    });
  return (name: string, labels: Record<string, string> = {}) =>
    samples.find((sample) => sample.name === name && Object.entries(labels).every(([key, label]) => sample.labels[key] === label))?.value;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

const ENGINES = [
  ['BullMQ', { redis: true }],
  ['the database queue', { redis: false }],
] as const;

describe('/metrics', () => {
  it('is off (404) when METRICS_TOKEN is not set', async () => {
    const t = await createTestApp({ database: 'sqlite' });
    try {
      expect((await t.http().get('/metrics').set('authorization', `Bearer ${TOKEN}`)).status).toBe(404);
    } finally {
      await t.close();
    }
  });

  describe.each(ENGINES)('with %s', (_name, { redis }) => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ database: 'postgres', redis, plugins: [ECHO_PLUGIN], env: { METRICS_TOKEN: TOKEN } });
    });
    afterAll(() => t?.close());

    const scrape = async () => {
      const response = await t.http().get('/metrics').set('authorization', `Bearer ${TOKEN}`);
      expect(response.status).toBe(200);
      return parseMetrics(response.text);
    };

    it('answers 401 without the token or with a wrong one', async () => {
      expect((await t.http().get('/metrics')).status).toBe(401);
      expect((await t.http().get('/metrics').set('authorization', `Bearer ${TOKEN}x`)).status).toBe(401);
      expect((await t.http().get('/metrics').set('authorization', `Bearer ${t.ownerKey}`)).status).toBe(401);
    });

    it('reports queue depth, finished jobs, durations, notifications and the process, in Prometheus text', async () => {
      const response = await t.http().get('/metrics').set('authorization', `Bearer ${TOKEN}`);
      expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      const before = parseMetrics(response.text);
      expect(before('parley_queue_jobs', { queue: ECHO_QUEUE, state: 'completed' })).toBe(0);
      expect(before('parley_jobs_completed_total', { queue: ECHO_QUEUE })).toBe(0);
      expect(before('parley_queue_jobs', { queue: 'customer-notifications', state: 'waiting' })).toBe(0);
      expect(before('parley_notifications', { status: 'failed' })).toBe(0);
      expect(before('process_cpu_user_seconds_total')).toBeGreaterThan(0);

      const jobs = t.get(JobQueue);
      for (let n = 0; n < 3; n += 1) await jobs.add<EchoJob>(ECHO_QUEUE, {});
      await jobs.add<EchoJob>(ECHO_QUEUE, { error: 'no such recipient' });
      await jobs.add<EchoJob>(ECHO_QUEUE, {}, { delayMs: 60_000 });

      let metrics = before;
      await waitFor('the jobs to finish', async () => {
        metrics = await scrape();
        return metrics('parley_jobs_completed_total', { queue: ECHO_QUEUE }) === 3 && metrics('parley_jobs_failed_total', { queue: ECHO_QUEUE }) === 1;
      });
      expect(metrics('parley_queue_jobs', { queue: ECHO_QUEUE, state: 'completed' })).toBe(3);
      expect(metrics('parley_queue_jobs', { queue: ECHO_QUEUE, state: 'failed' })).toBe(1);
      expect(metrics('parley_queue_jobs', { queue: ECHO_QUEUE, state: 'delayed' })).toBe(1);
      expect(metrics('parley_queue_jobs', { queue: ECHO_QUEUE, state: 'waiting' })).toBe(0);
      expect(metrics('parley_queue_jobs', { queue: ECHO_QUEUE, state: 'active' })).toBe(0);
      expect(metrics('parley_job_duration_seconds_count', { queue: ECHO_QUEUE })).toBe(4);
      expect(metrics('parley_job_duration_seconds_bucket', { queue: ECHO_QUEUE, le: '+Inf' })).toBe(4);
    });
  });

  it('is served by the worker too, which counts the jobs it runs', async () => {
    const scratch = await scratchDatabase('postgres');
    const env = environmentSchema.parse({ NODE_ENV: 'test', DATA_DIR: scratch.dataDir, SEED_DEMO_STORE: 'false', METRICS_TOKEN: TOKEN });
    const config = { ...toAppConfig(env, [ECHO_PLUGIN]), database: scratch.database, migrateOnStart: true };
    const { app, server } = await createWorker(config, { logger: createRootLogger('silent') });
    try {
      await server.ready();
      expect((await request(server.server).get('/metrics')).status).toBe(401);
      await app.get(JobQueue).add<EchoJob>(ECHO_QUEUE, {});
      await waitFor('the worker to run the job', async () => {
        const response = await request(server.server).get('/metrics').set('authorization', `Bearer ${TOKEN}`);
        return parseMetrics(response.text)('parley_jobs_completed_total', { queue: ECHO_QUEUE }) === 1;
      });
    } finally {
      await server.close();
      await app.close();
      await scratch.drop();
    }
  });
});

describe.each(ENGINES)('queue dashboard at /admin/queues with %s', (_name, { redis }) => {
  let t: TestApp;
  let staffKey: string;
  beforeAll(async () => {
    t = await createTestApp({ database: 'postgres', redis, plugins: [ECHO_PLUGIN] });
    staffKey = (await t.get(ApiKeyService).create(t.store.id, { name: 'kitchen', role: 'staff' })).secret;
  });
  afterAll(() => t?.close());

  it('asks for Basic auth with an owner key, and refuses a staff key', async () => {
    const anonymous = await t.http().get('/admin/queues');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Basic realm="Parley queues"/);
    expect((await t.http().get('/admin/queues').auth('admin', staffKey)).status).toBe(401);
    expect((await t.http().get('/admin/queues').auth('admin', 'prl_not-a-key')).status).toBe(401);
    expect((await t.http().get('/admin/queues').set('authorization', `Bearer ${t.ownerKey}`)).status).toBe(401);
    expect((await t.http().get('/admin/queues').auth('anyone', t.ownerKey)).status).toBe(200);
  });

  if (redis) {
    it("serves Bull Board, read-only, over every queue", async () => {
      const page = await t.http().get('/admin/queues').auth('admin', t.ownerKey);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toContain('Parley queues');

      const api = await t.http().get('/admin/queues/api/queues').auth('admin', t.ownerKey);
      expect(api.status).toBe(200);
      const queues = (api.body as { queues: { name: string; readOnlyMode: boolean }[] }).queues;
      expect(queues.map((queue) => queue.name)).toEqual(expect.arrayContaining([ECHO_QUEUE, 'customer-notifications']));
      expect(queues.every((queue) => queue.readOnlyMode)).toBe(true);

      const retry = await t.http().put(`/admin/queues/api/queues/${ECHO_QUEUE}/retry/failed`).auth('admin', t.ownerKey);
      expect(retry.status).toBe(405);
      expect((await t.http().get('/admin/queues/api/queues').auth('admin', staffKey)).status).toBe(401);
    });
  } else {
    it('serves a page of the counts per queue and the last failed jobs, everything escaped', async () => {
      await t.get(JobQueue).add<EchoJob>(ECHO_QUEUE, { error: '<script>alert("x")</script> & more' }, { jobId: 'echo-failing' });
      await waitFor('the job to fail', async () => {
        const page = await t.http().get('/admin/queues').auth('admin', t.ownerKey);
        return page.text.includes('echo-failing');
      });

      const page = await t.http().get('/admin/queues').auth('admin', t.ownerKey);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['content-security-policy']).toContain("default-src 'none'");
      for (const queue of [ECHO_QUEUE, 'customer-notifications', 'conversations']) expect(page.text).toContain(`<td>${queue}</td>`);
      expect(page.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
      expect(page.text).not.toContain('<script>');
      expect(page.text).toMatch(/<td>echo-failing<\/td><td class="number">1 of 3<\/td>/);
    });
  }
});
