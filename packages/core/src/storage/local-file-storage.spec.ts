import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { isFileKey } from '@parley/plugin-sdk';
import { LocalFileStorage } from './local-file-storage';

async function text(body: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('LocalFileStorage', () => {
  let dataDir: string;
  let storage: LocalFileStorage;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'parley-storage-'));
    storage = new LocalFileStorage(join(dataDir, 'files'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stores, replaces, reads and deletes a file with its content type', async () => {
    await storage.put('images/store-1/abc/w600.webp', Buffer.from('first'), 'image/webp');
    await storage.put('images/store-1/abc/w600.webp', Buffer.from('second'), 'image/webp');
    const file = await storage.get('images/store-1/abc/w600.webp');
    expect({ contentType: file!.contentType, bytes: file!.bytes, body: await text(file!.body) }).toEqual({ contentType: 'image/webp', bytes: 6, body: 'second' });

    await storage.delete('images/store-1/abc/w600.webp');
    expect(await storage.get('images/store-1/abc/w600.webp')).toBeNull();
    await expect(storage.delete('images/store-1/abc/w600.webp')).resolves.toBeUndefined();
    // No temporary files left behind.
    expect(readdirSync(join(dataDir, 'files/images/store-1/abc'))).toEqual([]);
  });

  it('gives the type the extension implies, or the one stored with the file when it differs', async () => {
    const typeOf = async (key: string) => {
      const file = await storage.get(key);
      file!.body.destroy();
      return file!.contentType;
    };
    await storage.put('a/photo.jpg', Buffer.from('x'), 'image/jpeg');
    await storage.put('a/export.bin', Buffer.from('x'), 'application/x-parley');
    await storage.put('a/odd.png', Buffer.from('x'), 'text/plain');
    expect(await typeOf('a/photo.jpg')).toBe('image/jpeg');
    expect(await typeOf('a/export.bin')).toBe('application/x-parley');
    expect(await typeOf('a/odd.png')).toBe('text/plain');
    // Replaced with a file of the usual type: the stored type goes.
    await storage.put('a/odd.png', Buffer.from('x'), 'image/png');
    expect(await typeOf('a/odd.png')).toBe('image/png');
    await storage.put('a/plain', Buffer.from('x'), 'application/octet-stream');
    expect(await typeOf('a/plain')).toBe('application/octet-stream');
  });

  it('keeps serving a file being read while it is deleted', async () => {
    await storage.put('a/b.txt', Buffer.from('still here'), 'text/plain');
    const file = await storage.get('a/b.txt');
    await storage.delete('a/b.txt');
    expect(await text(file!.body)).toBe('still here');
  });

  it.each(['../outside', 'a/../../outside', '/etc/passwd', 'a//b', 'a/', '.types/a', 'a/.hidden', 'a\\..\\b', '', 'a/b/../../..', 'ä'])(
    'refuses the malformed key %p',
    async (key) => {
      expect(isFileKey(key)).toBe(false);
      await expect(storage.put(key, Buffer.from('x'), 'text/plain')).rejects.toThrow('Not a valid file key');
      await expect(storage.get(key)).rejects.toThrow('Not a valid file key');
      await expect(storage.delete(key)).rejects.toThrow('Not a valid file key');
    },
  );

  it('never reads a file outside its folder', async () => {
    writeFileSync(join(dataDir, 'secret'), 'secret');
    await expect(storage.get('../secret')).rejects.toThrow();
    expect(await storage.get('secret')).toBeNull();
  });
});
