import { Writable } from 'node:stream';
import { createApi, seedDemoStore } from '@parley/core';
import { environmentSchema, toAppConfig } from '../config/config.schema';
import { scratchDatabase } from '@parley/testing';
import request from 'supertest';
import { createRootLogger } from './logger';

describe('request logs', () => {
  it('are JSON lines with a request id, honour a caller-given id, and never carry keys or query strings', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const scratch = await scratchDatabase('sqlite');
    const config = { ...toAppConfig(environmentSchema.parse({ NODE_ENV: 'test' }), []), database: scratch.database };
    const app = await createApi(config, { logger: createRootLogger('info', sink) });
    try {
      const demo = await seedDemoStore(app);
      expect(demo?.secret).toMatch(/^prl_/);
      await request(app.getHttpServer())
        .post('/graphql?hub.verify_token=s3cret-token')
        .set('authorization', `Bearer ${demo!.secret}`)
        .set('x-request-id', 'req-abc-123')
        .send({ query: '{ store { name } }' })
        .expect(200);

      const text = JSON.stringify(lines);
      expect(text).not.toContain(demo!.secret);
      expect(text).not.toContain('s3cret-token');
      const incoming = lines.find((line) => line.msg === 'incoming request') as { reqId: string; req: { path: string } };
      expect(incoming.reqId).toBe('req-abc-123');
      expect(incoming.req.path).toBe('/graphql');
      const completed = lines.find((line) => line.msg === 'request completed') as { reqId: string; res: { statusCode: number } };
      expect(completed).toMatchObject({ reqId: 'req-abc-123', res: { statusCode: 200 } });
    } finally {
      await app.close();
      await scratch.drop();
    }
  });
});

describe('the demo store', () => {
  it('is created with an owner key on the first start only', async () => {
    const scratch = await scratchDatabase('sqlite');
    const config = { ...toAppConfig(environmentSchema.parse({ NODE_ENV: 'test' }), []), database: scratch.database };
    const app = await createApi(config, { logger: createRootLogger('silent') });
    try {
      const first = await seedDemoStore(app);
      expect(first?.slug).toBe('demo');
      const store = await request(app.getHttpServer())
        .post('/graphql')
        .set('authorization', `Bearer ${first!.secret}`)
        .send({ query: '{ store { name slug } }' });
      expect(store.body.data.store).toEqual({ name: 'Demo Pizzeria', slug: 'demo' });
      expect(await seedDemoStore(app)).toBeNull();
    } finally {
      await app.close();
      await scratch.drop();
    }
  });
});
