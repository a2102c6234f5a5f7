import { spawn } from 'node:child_process';

/** What a child module's object offers the test: each method, and each property as a call reading it, over IPC. */
export type Remote<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : () => Promise<T[K]>;
} & {
  /** Ends the child process (without calling anything in it first). */
  exitProcess(): Promise<void>;
};

// Runs in the child: compiles TypeScript on require as jest does (by SWC, which jest's transform brings), builds the
// object with the factory and answers calls to it. Ends with its parent (the IPC channel closes when it does).
const HOST = `
const { readFileSync } = require('node:fs');
const [file, factory, swcPath, argsJson] = process.argv.slice(1);
const swc = require(swcPath);
const options = { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } };
require.extensions['.ts'] = (module, filename) => module._compile(swc.transformSync(readFileSync(filename, 'utf8'), { ...options, filename }).code, filename);
process.on('disconnect', () => process.exit(0));
const message = (error) => (error instanceof Error ? error.stack || error.message : String(error));
(async () => {
  let target;
  try {
    target = await require(file)[factory](...JSON.parse(argsJson));
  } catch (error) {
    process.send({ ready: false, error: message(error) });
    return;
  }
  process.on('message', async ({ id, name, args }) => {
    try {
      const value = target[name];
      process.send({ id, result: typeof value === 'function' ? await value.apply(target, args) : value });
    } catch (error) {
      process.send({ id, error: message(error) });
    }
  });
  process.send({ ready: true });
})();
`;

type Reply = { ready: boolean; error?: string } | { id: number; result?: unknown; error?: string };

/**
 * Calls `factory(...args)`, exported by the TypeScript module `file`, in a child process of its own, and drives the
 * object it returns from the test: every method and property of it becomes an async call. For a part of a test whose
 * timing must not share an event loop with the code under test: a fake provider that stamps when requests arrive,
 * while the API runs in the test's process, sees them when they come, not when that process gets round to it.
 * Arguments and results cross as JSON (functions in them are dropped). Needs `@swc/core`, as jest's SWC transform does.
 */
export async function startChildModule<T extends object>(file: string, factory: string, ...args: unknown[]): Promise<Remote<T>> {
  const child = spawn(process.execPath, ['-e', HOST, file, factory, require.resolve('@swc/core'), JSON.stringify(args)], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 0;
  let exited = false;
  // Until the child is ready, its exit fails the start (after, settling that promise again does nothing).
  let failStart = (_: Error) => {};
  const exit = new Promise<void>((done) =>
    child.once('exit', (code) => {
      exited = true;
      failStart(new Error(`The child module ${file} exited (${code}) before it was ready:\n${stderr}`));
      for (const call of pending.values()) call.reject(new Error(`The child module ${file} exited (${code}) before answering:\n${stderr}`));
      pending.clear();
      done();
    }),
  );

  const exitProcess = async () => {
    if (!exited) child.kill('SIGKILL');
    await exit;
  };
  try {
    await new Promise<void>((ready, fail) => {
      failStart = fail;
      child.on('message', (reply: Reply) => {
        if ('ready' in reply) return reply.ready ? ready() : fail(new Error(`${factory}() failed in the child module ${file}:\n${reply.error}`));
        const call = pending.get(reply.id);
        pending.delete(reply.id);
        if (reply.error !== undefined) call?.reject(new Error(reply.error));
        else call?.resolve(reply.result);
      });
    });
  } catch (error) {
    await exitProcess();
    throw error;
  }

  const call = (name: string, callArgs: unknown[]) =>
    new Promise((resolve, reject) => {
      if (exited) return reject(new Error(`The child module ${file} has exited`));
      nextId += 1;
      pending.set(nextId, { resolve, reject });
      child.send({ id: nextId, name, args: callArgs });
    });
  return new Proxy({} as Remote<T>, {
    // Not a thenable: `await` on the remote must give the remote, not call into the child for `then`.
    get: (_, name) => (name === 'exitProcess' ? exitProcess : name === 'then' || typeof name === 'symbol' ? undefined : (...callArgs: unknown[]) => call(name, callArgs)),
  });
}
