import { createTestApp, freePort } from '@parley/testing';

describe('/health', () => {
  it('reports Redis up when BullMQ runs the jobs', async () => {
    const t = await createTestApp({ database: 'postgres', redis: true });
    try {
      const health = await t.http().get('/health');
      expect(health.status).toBe(200);
      expect(health.body).toEqual({ status: 'ok', database: 'up', redis: 'up' });
    } finally {
      await t.close();
    }
  });

  it('answers 503 and names Redis when it does not answer', async () => {
    const deadPort = await freePort();
    const t = await createTestApp({ database: 'sqlite', runWorkers: false, env: { REDIS_URL: `redis://127.0.0.1:${deadPort}` } });
    try {
      const health = await t.http().get('/health');
      expect(health.status).toBe(503);
      expect(health.body).toEqual({ status: 'degraded', database: 'up', redis: 'down' });
    } finally {
      await t.close();
    }
  });
});
