import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { FileStorage, isFileKey, type StoredFile } from '@parley/plugin-sdk';

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

// The type a file's extension implies. Files of exactly that type need no `.types` entry: half the writes per file.
const TYPES_BY_EXTENSION: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
  pdf: 'application/pdf',
  json: 'application/json',
  csv: 'text/csv',
  txt: 'text/plain',
};

function typeByExtension(key: string): string | undefined {
  const name = key.slice(key.lastIndexOf('/') + 1);
  return name.includes('.') ? TYPES_BY_EXTENSION[name.slice(name.lastIndexOf('.') + 1).toLowerCase()] : undefined;
}

/**
 * Files on local disk under `<root>` (DATA_DIR/files): the bytes at `<root>/<key>`, and their content type in
 * `<root>/.types/<key>` unless the key's extension implies it. Keys can't start a segment with a dot, so no key
 * reaches `.types` or a temporary file.
 */
export class LocalFileStorage extends FileStorage {
  private readonly root: string;

  constructor(root: string) {
    super();
    this.root = resolve(root);
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    const path = this.pathOf(key);
    if (typeByExtension(key) === contentType) await rm(this.typePathOf(key), { force: true });
    else await this.writeAtomically(this.typePathOf(key), Buffer.from(contentType, 'utf8'));
    await this.writeAtomically(path, bytes);
  }

  async get(key: string): Promise<StoredFile | null> {
    let handle;
    try {
      handle = await open(this.pathOf(key), 'r');
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    try {
      // Opened first: a delete from now on unlinks the name, and this reader still gets every byte.
      const { size } = await handle.stat();
      const contentType = await readFile(this.typePathOf(key), 'utf8').catch(() => typeByExtension(key) ?? 'application/octet-stream');
      // Reads of up to 1 MB rather than 64 KB: a whole image in one or a few reads.
      return { body: handle.createReadStream({ highWaterMark: Math.min(Math.max(size, 64 * 1024), 1024 * 1024) }), contentType, bytes: size };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
    await rm(this.typePathOf(key), { force: true });
  }

  private pathOf(key: string): string {
    return this.inside(this.root, key);
  }

  private typePathOf(key: string): string {
    return this.inside(join(this.root, '.types'), key);
  }

  private inside(folder: string, key: string): string {
    if (!isFileKey(key)) throw new Error(`Not a valid file key: ${JSON.stringify(key)}`);
    const path = join(folder, ...key.split('/'));
    // The key pattern already rules out escaping; this is the second lock on the same door.
    if (!path.startsWith(folder + sep)) throw new Error(`File key outside the storage: ${JSON.stringify(key)}`);
    return path;
  }

  /** Write to a temporary file and rename: readers see the old file or the new one, never half of one. */
  private async writeAtomically(path: string, bytes: Buffer): Promise<void> {
    const temporary = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
    try {
      // The folder is created only when the write finds it missing: most writes go to one that exists (a picture's
      // six renditions share one), and a recursive mkdir is two more trips through libuv's pool, which sharp keeps busy.
      await writeFile(temporary, bytes).catch(async (error: unknown) => {
        if (!isMissing(error)) throw error;
        await mkdir(dirname(path), { recursive: true });
        await writeFile(temporary, bytes);
      });
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}
