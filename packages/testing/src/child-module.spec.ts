import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildModule } from './child-module';

// A TypeScript module (type annotations and all) such as a fake provider would be: a factory and the object it makes.
const COUNTER = `
import { setTimeout as sleep } from 'node:timers/promises';
export interface Counter { count: number; pid: number; add(by: number): Promise<number>; fail(): void; crash(): void }
export async function startCounter(start: number): Promise<Counter> {
  let count: number = start;
  return {
    get count(): number { return count; },
    pid: process.pid,
    async add(by: number): Promise<number> { await sleep(5); count += by; return count; },
    fail(): void { throw new Error('The counter refuses'); },
    crash(): void { process.exit(4); },
  };
}
export function startBroken(): never { throw new Error('cannot start'); }
export function startExiting(): never { process.exit(3); }
`;

interface Counter {
  count: number;
  pid: number;
  add(by: number): Promise<number>;
  fail(): void;
  crash(): void;
}

describe('startChildModule', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'child-module-'));
    file = join(dir, 'counter.ts');
    writeFileSync(file, COUNTER);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the factory of a TypeScript module in a process of its own and drives its object: methods, properties, errors', async () => {
    const counter = await startChildModule<Counter>(file, 'startCounter', 40);
    try {
      expect(await counter.pid()).not.toBe(process.pid);
      expect(await counter.add(1)).toBe(41);
      expect(await Promise.all([counter.add(1), counter.add(2)])).toEqual([42, 44]);
      expect(await counter.count()).toBe(44);
      await expect(counter.fail()).rejects.toThrow('The counter refuses');
      // A failed call leaves the child serving.
      expect(await counter.add(1)).toBe(45);
    } finally {
      await counter.exitProcess();
    }
    await expect(counter.count()).rejects.toThrow('has exited');
  });

  it('fails clearly when the factory fails or does not exist', async () => {
    await expect(startChildModule(file, 'startBroken')).rejects.toThrow(/startBroken\(\) failed in the child module .*counter\.ts:\nError: cannot start/);
    await expect(startChildModule(file, 'startNothing')).rejects.toThrow(/startNothing\(\) failed in the child module/);
    await expect(startChildModule(join(dir, 'missing.ts'), 'startCounter')).rejects.toThrow(/Cannot find module/);
    await expect(startChildModule(file, 'startExiting')).rejects.toThrow(/counter\.ts exited \(3\) before it was ready/);
  });

  it('fails a call in flight when the child dies, and every call after', async () => {
    const counter = await startChildModule<Counter>(file, 'startCounter', 0);
    await expect(counter.crash()).rejects.toThrow(/counter\.ts exited \(4\) before answering/);
    await expect(counter.add(1)).rejects.toThrow('has exited');
    await counter.exitProcess();
  });
});
