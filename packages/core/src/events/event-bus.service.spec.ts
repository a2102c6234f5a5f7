import type { DomainEvent } from '@parley/plugin-sdk';
import { EventBusService } from './event-bus.service';

describe('the event bus', () => {
  it('gives subscribers of every event each one, whatever its type, with an id shared by all handlers', async () => {
    const bus = new EventBusService();
    const everything: DomainEvent[] = [];
    const created: DomainEvent[] = [];
    const stop = bus.subscribeAll((event) => void everything.push(event));
    bus.subscribe('store.created', (event) => void created.push(event));

    await bus.publish('store.created', { storeId: 's1', slug: 'marios', name: "Mario's" });
    await bus.publish('catalog.changed', { storeId: 's1' });
    await bus.settled();
    expect(everything.map((event) => [event.type, event.payload])).toEqual([
      ['store.created', { storeId: 's1', slug: 'marios', name: "Mario's" }],
      ['catalog.changed', { storeId: 's1' }],
    ]);
    expect(everything[0].id).toBe(created[0].id);
    expect(everything[0].id).not.toBe(everything[1].id);

    stop();
    await bus.publish('catalog.changed', { storeId: 's1' });
    await bus.settled();
    expect(everything).toHaveLength(2);
  });

  it('keeps a failing subscriber of every event from affecting the others', async () => {
    const bus = new EventBusService();
    const heard: string[] = [];
    bus.subscribeAll(() => {
      throw new Error('broken integration');
    });
    bus.subscribe('catalog.changed', (event) => void heard.push(event.type));
    await bus.publish('catalog.changed', { storeId: 's1' });
    await bus.settled();
    expect(heard).toEqual(['catalog.changed']);
  });
});
