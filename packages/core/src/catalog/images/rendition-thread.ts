import { join, sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import { RENDITION_FORMATS, RENDITION_SIZES, type RenderedImage, UnreadableImageError } from './image-renditions';

export interface RenditionRequest {
  id: number;
  original: Uint8Array;
}

export type RenditionReply = { id: number; rendition: RenderedImage } | { id: number; done: true } | { id: number; error: { unreadable: boolean; message: string } };

interface Pending {
  each: (rendition: RenderedImage) => Promise<unknown>;
  stored: Promise<unknown>[];
  resolve: (results: unknown[]) => void;
  reject: (error: Error) => void;
}

// The thread runs the compiled file; from the TypeScript sources (the tests), the build's copy of it.
const THREAD_FILE = join(__dirname.replace(`${sep}src${sep}`, `${sep}dist${sep}`), 'rendition.thread.js');

let thread: Worker | null = null;
let nextId = 0;
const pending = new Map<number, Pending>();

/**
 * renderEach on a thread of its own: the same renditions, with `each` called here as each one arrives. sharp's raw
 * pixels (3 MB a size) count as external memory of the heap that holds them, and in the API's large heap the full
 * collections they set off took 50-110 ms each, several a second, of the CPU sharp needed (bench/images.bench.js);
 * the thread's heap is small and cheap to collect. One thread serves every image: its JavaScript only hands the work
 * to libvips' own threads.
 */
export function renderEachOnThread<T>(original: Buffer, each: (rendition: RenderedImage) => Promise<T>): Promise<T[]> {
  const id = (nextId += 1);
  return new Promise<unknown[]>((resolve, reject) => {
    pending.set(id, { each, stored: [], resolve, reject });
    const worker = renditionThread();
    referenced(worker);
    worker.postMessage({ id, original } satisfies RenditionRequest);
  }) as Promise<T[]>;
}

function renditionThread(): Worker {
  if (thread) return thread;
  const started = new Worker(THREAD_FILE);
  started.on('message', (reply: RenditionReply) => settle(reply));
  started.on('error', (error) => stopped(started, error));
  started.on('exit', (code) => stopped(started, new Error(`The image rendition thread stopped (exit code ${code})`)));
  // An idle thread never keeps a process alive; one with renders to finish does (see `referenced`).
  started.unref();
  thread = started;
  return started;
}

function settle(reply: RenditionReply): void {
  const job = pending.get(reply.id);
  if (!job) return;
  if ('rendition' in reply) {
    const { data } = reply.rendition;
    // In renderEach's order (size by size, WebP then JPEG), whatever order they were encoded in.
    const position = RENDITION_SIZES.findIndex((size) => size.name === reply.rendition.name) * RENDITION_FORMATS.length + RENDITION_FORMATS.indexOf(reply.rendition.format);
    // Structured cloning turns a Buffer into a plain Uint8Array.
    job.stored[position] = job.each({ ...reply.rendition, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength) });
    return;
  }
  pending.delete(reply.id);
  referenced(thread);
  if ('done' in reply) {
    Promise.all(job.stored).then(job.resolve, job.reject);
  } else {
    // The renditions stored so far are waited for, so none is written after the job has given up.
    Promise.allSettled(job.stored).then(() => job.reject(reply.error.unreadable ? new UnreadableImageError(reply.error.message) : new Error(reply.error.message)));
  }
}

function referenced(worker: Worker | null): void {
  if (pending.size > 0) worker?.ref();
  else worker?.unref();
}

/** The thread died (out of memory, a crash in libvips): what it was rendering fails and is retried by its job. */
function stopped(worker: Worker, error: Error): void {
  if (thread !== worker) return;
  thread = null;
  for (const [id, job] of pending) {
    pending.delete(id);
    job.reject(error);
  }
}
