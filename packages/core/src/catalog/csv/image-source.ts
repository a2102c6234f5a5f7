import { isIP } from 'node:net';
import { readFile, realpath } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { isPrivateAddress, publicOnlyLookup } from '@parley/plugin-sdk';

/** Why an image of a row could not be had; the import refuses the row's product with this reason. */
export class ImageSourceError extends Error {}

export interface ImageSourceOptions {
  /** Where file names are looked up; without it only URLs are accepted. */
  folder: string | null;
  /** Off in production: an import must not make the server fetch from its own network (SSRF). */
  allowPrivateNetworks: boolean;
  maxBytes: number;
  timeoutMs: number;
}

const MAX_REDIRECTS = 3;

/** The bytes of an image named in a CSV row: an http(s) URL, or a file name inside the import's image folder. */
export async function loadImage(source: string, options: ImageSourceOptions): Promise<Buffer> {
  if (/^https?:\/\//i.test(source)) return download(source, options, 0);
  if (/^[a-z][a-z0-9+.-]*:/i.test(source)) throw new ImageSourceError(`"${source}": only http and https URLs are fetched`);
  if (!options.folder) throw new ImageSourceError(`"${source}" is a file name: give an https URL, or import with an image folder`);
  return readFromFolder(source, options.folder, options.maxBytes);
}

function outside(root: string, path: string): boolean {
  const inside = relative(root, path);
  return !inside || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside);
}

async function readFromFolder(name: string, folder: string, maxBytes: number): Promise<Buffer> {
  const root = await realpath(folder);
  const path = resolve(root, name);
  if (outside(root, path)) throw new ImageSourceError(`"${name}" is outside the image folder`);
  try {
    // realpath again: a symbolic link inside the folder must not lead out of it.
    const real = await realpath(path);
    if (outside(root, real)) throw new ImageSourceError(`"${name}" is outside the image folder`);
    const bytes = await readFile(real);
    if (bytes.length > maxBytes) throw new ImageSourceError(`"${name}" is larger than ${Math.floor(maxBytes / 1024 / 1024)} MB`);
    return bytes;
  } catch (error) {
    if (error instanceof ImageSourceError) throw error;
    throw new ImageSourceError(`"${name}" is not in the image folder`);
  }
}

function download(url: string, options: ImageSourceOptions, redirects: number): Promise<Buffer> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return Promise.reject(new ImageSourceError(`"${url}" is not a URL`));
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivateNetworks && isIP(host) && isPrivateAddress(host)) {
    return Promise.reject(new ImageSourceError(`${url}: private network addresses are not fetched`));
  }
  const request = parsed.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<Buffer>((resolveBytes, reject) => {
    const fail = (reason: string) => reject(new ImageSourceError(`${url}: ${reason}`));
    const call = request(
      parsed,
      {
        method: 'GET',
        headers: { accept: 'image/*', 'user-agent': 'Parley catalog import' },
        timeout: options.timeoutMs,
        ...(options.allowPrivateNetworks ? {} : { lookup: publicOnlyLookup }),
      },
      (response: IncomingMessage) => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400 && response.headers.location) {
          response.resume();
          if (redirects >= MAX_REDIRECTS) return fail('too many redirects');
          const next = new URL(response.headers.location, parsed).toString();
          if (!/^https?:/i.test(next)) return fail('redirected to something that is not http(s)');
          return download(next, options, redirects + 1).then(resolveBytes, reject);
        }
        if (status !== 200) {
          response.resume();
          return fail(`the server answered ${status}`);
        }
        if (Number(response.headers['content-length']) > options.maxBytes) {
          response.destroy();
          return fail(`larger than ${Math.floor(options.maxBytes / 1024 / 1024)} MB`);
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) {
            response.destroy();
            fail(`larger than ${Math.floor(options.maxBytes / 1024 / 1024)} MB`);
          } else chunks.push(chunk);
        });
        response.on('end', () => resolveBytes(Buffer.concat(chunks)));
        response.on('error', (error) => fail(error.message));
      },
    );
    // The socket timeout covers a server that stops sending; the overall one a server that sends very slowly.
    const overall = setTimeout(() => call.destroy(new ImageSourceError(`${url}: no answer within ${options.timeoutMs / 1000} s`)), options.timeoutMs);
    call.on('timeout', () => call.destroy(new ImageSourceError(`${url}: no answer within ${options.timeoutMs / 1000} s`)));
    call.on('error', (error) => reject(error instanceof ImageSourceError ? error : new ImageSourceError(`${url}: ${error.message}`)));
    call.on('close', () => clearTimeout(overall));
    call.end();
  });
}

/**
 * The content hash in one of this store's own image URLs (/media/images/<store>/<sha256>/w1200.jpg, as the export
 * writes them): such an image is recognised without downloading it again.
 */
export function ownImageHash(source: string, storeId: string): string | null {
  const match = /\/media\/images\/([0-9a-f-]{36})\/([0-9a-f]{64})\/[^/]+$/i.exec(source.split(/[?#]/)[0]);
  return match && match[1].toLowerCase() === storeId.toLowerCase() ? match[2].toLowerCase() : null;
}
