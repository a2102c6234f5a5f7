import { Batcher } from './batcher';

/** A batch function that records each batch's keys and answers after `ms`, failing for the key 'bad'. */
function slowLookup(ms = 20) {
  const batches: string[][] = [];
  const run = async (keys: string[]) => {
    batches.push(keys);
    await new Promise((resolve) => setTimeout(resolve, ms));
    if (keys.includes('bad')) throw new Error('bad key');
    return keys.map((key) => key.toUpperCase());
  };
  return { batches, batcher: new Batcher(run, 3) };
}

describe('Batcher', () => {
  it('answers each call with its own value, calls of the same moment in one batch', async () => {
    const { batches, batcher } = slowLookup();
    expect(await Promise.all([batcher.load('a'), batcher.load('b')])).toEqual(['A', 'B']);
    expect(batches).toEqual([['a', 'b']]);
  });

  it('starts a call at once when idle, and gathers the calls made meanwhile into the next batch, up to its size', async () => {
    const { batches, batcher } = slowLookup(30);
    const started = Date.now();
    const first = batcher.load('a');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const later = ['b', 'c', 'd', 'e'].map((key) => batcher.load(key));
    expect(await first).toBe('A');
    // An idle batcher adds no wait of its own: the first answer takes the lookup's time.
    expect(Date.now() - started).toBeLessThan(30 + 25);
    expect(await Promise.all(later)).toEqual(['B', 'C', 'D', 'E']);
    expect(batches).toEqual([['a'], ['b', 'c', 'd'], ['e']]);
  });

  it('runs the calls of a failed batch one by one, so only the bad one fails', async () => {
    const { batches, batcher } = slowLookup();
    const results = await Promise.allSettled(['a', 'bad', 'c'].map((key) => batcher.load(key)));
    expect(results).toEqual([
      { status: 'fulfilled', value: 'A' },
      { status: 'rejected', reason: new Error('bad key') },
      { status: 'fulfilled', value: 'C' },
    ]);
    expect(batches).toEqual([['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
    // And it goes on batching afterwards.
    expect(await Promise.all([batcher.load('x'), batcher.load('y')])).toEqual(['X', 'Y']);
  });
});
