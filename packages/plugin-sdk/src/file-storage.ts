import type { Readable } from 'node:stream';

/** A stored file as `FileStorage.get` returns it: read `body` once, to the end or until you destroy it. */
export interface StoredFile {
  body: Readable;
  contentType: string;
  /** Its size, for Content-Length. */
  bytes: number;
}

// One or more `/`-separated segments of letters, digits, `.`, `_` and `-`, none starting with a dot: no `..`, no
// absolute paths, no hidden names, nothing a storage could resolve outside its own root.
const FILE_KEY = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}(\/[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}){0,9}$/;

/** Whether `key` is a key every storage accepts (e.g. `images/<store>/<sha256>/w600.webp`). */
export function isFileKey(key: string): boolean {
  return key.length <= 500 && FILE_KEY.test(key);
}

/**
 * Where the platform keeps files (product image originals and their renditions). The core stores them on local disk
 * under DATA_DIR/files; a plugin can provide an object store instead. Keys come from the platform, never from users.
 */
export abstract class FileStorage {
  /** Stores `bytes` under `key`, replacing what was there. A reader never sees a partly written file. */
  abstract put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The file under `key`, or null when there is none. */
  abstract get(key: string): Promise<StoredFile | null>;
  /** Removes the file; removing a key that holds nothing is not an error. */
  abstract delete(key: string): Promise<void>;
}
