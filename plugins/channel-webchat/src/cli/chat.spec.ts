import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, REPO_ROOT, type TestApp } from '@parley/testing';
import { webchatTestApp } from '../webchat.testing';

const CLI = join(REPO_ROOT, 'plugins/channel-webchat/dist/cli/chat.js');

/** Runs the compiled chat as `npm run chat` does, typing these lines, and waits for it to end. */
function chat(args: string[], lines: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // All at once and then end of input, as from a pipe: the chat sends each line once the last one is answered.
  child.stdin.end(lines.map((line) => `${line}\n`).join(''));
  return new Promise((done) => child.once('exit', (code) => done({ code, stdout, stderr })));
}

describe('the terminal chat (npm run chat)', () => {
  let t: TestApp;

  beforeAll(async () => {
    // The real entry point, compiled from the current sources (incremental: quick when nothing changed).
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', 'plugins/channel-webchat/tsconfig.lib.json'], { cwd: REPO_ROOT });
    t = await webchatTestApp();
  });
  afterAll(() => t?.close());

  it('prints the answers with numbered choices, and takes a number as the choice', async () => {
    const { code, stdout, stderr } = await chat(['--store', t.store.slug, '--url', t.url], ['hi', '1', '2 large margheritas']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`Chatting with "${t.store.slug}"`);
    expect(stdout).toContain('Welcome to');
    expect(stdout).toMatch(/What are you in the mood for\?\n {2}1\. Pizzas \(\d+\)\n {2}2\. Sides/);
    // "1" picked Pizzas.
    expect(stdout).toMatch(/\n {2}\d+\. Margherita/);
    expect(stdout).toContain('2 × Margherita (large)');
    expect(stdout).toMatch(/\n {2}1\. Checkout\n/);
  });

  it('says so and fails for an unknown store or a platform it cannot reach', async () => {
    const unknown = await chat(['--store', 'no-such-store', '--url', t.url], ['hi']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('Store no-such-store was not found\n');

    const url = `http://127.0.0.1:${await freePort()}`;
    const unreachable = await chat(['--store', t.store.slug, '--url', url], []);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(new RegExp(`^Cannot reach ws://127.0.0.1:\\d+/graphql: .*ECONNREFUSED`));

    const usage = await chat([], []);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage: npm run chat -- --store <slug>');
  });
});
