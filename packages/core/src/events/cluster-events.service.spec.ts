import { randomUUID } from 'node:crypto';
import { eventually, TEST_REDIS_URL } from '@parley/testing';
import IORedis from 'ioredis';
import type { AppConfig } from '../config/config.schema';
import { ClusterEventsService } from './cluster-events.service';

describe('cluster events across processes', () => {
  const config = { queuePrefix: `cluster-${randomUUID().slice(0, 8)}`, redis: { url: TEST_REDIS_URL } } as unknown as AppConfig;
  const channel = `${config.queuePrefix}:cluster-events`;
  let here: ClusterEventsService;
  let there: ClusterEventsService;
  let listener: IORedis;
  let outsider: IORedis;
  const published: string[] = [];

  beforeAll(async () => {
    outsider = new IORedis(TEST_REDIS_URL);
    listener = new IORedis(TEST_REDIS_URL);
    await listener.subscribe(channel);
    listener.on('message', (_channel, message) => published.push(message));
    here = new ClusterEventsService(config);
    there = new ClusterEventsService(config);
    // Both subscribed before anything is broadcast.
    await eventually(async () => Number(((await outsider.pubsub('NUMSUB', channel)) as [string, number])[1]) === 3, 'three subscribers');
  });
  afterAll(() => {
    here.onApplicationShutdown();
    there.onApplicationShutdown();
    listener.disconnect();
    outsider.disconnect();
  });

  it('delivers a burst to the other process in the order broadcast, as one message, and once here', async () => {
    const seenHere: string[] = [];
    const seenThere: string[] = [];
    here.on('catalog.changed', ({ storeId }) => seenHere.push(storeId));
    there.on('catalog.changed', ({ storeId }) => seenThere.push(storeId));
    published.length = 0;

    for (const storeId of ['s1', 's2', 's3']) here.broadcast('catalog.changed', { storeId });
    // This process's handlers run at once; its own message, coming back, does not run them again.
    expect(seenHere).toEqual(['s1', 's2', 's3']);
    await eventually(async () => seenThere.length === 3, 'the other process to hear the burst', 3000);
    expect(seenThere).toEqual(['s1', 's2', 's3']);
    expect(published).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seenHere).toEqual(['s1', 's2', 's3']);

    here.broadcast('catalog.changed', { storeId: 's4' });
    await eventually(async () => seenThere.length === 4, 'the next broadcast, in a message of its own', 3000);
    expect(published).toHaveLength(2);
  });

  it('ignores a malformed message and goes on with the next', async () => {
    const seenThere: string[] = [];
    there.on('catalog.changed', ({ storeId }) => seenThere.push(storeId));
    await outsider.publish(channel, 'not json');
    await outsider.publish(channel, JSON.stringify({ origin: 'elsewhere', type: 'catalog.changed', payload: { storeId: 'old shape' } }));
    here.broadcast('catalog.changed', { storeId: 's5' });
    await eventually(async () => seenThere.length === 1, 'the good message after the bad ones', 3000);
    expect(seenThere).toEqual(['s5']);
  });
});
