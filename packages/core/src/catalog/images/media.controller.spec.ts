import { request as httpRequest } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, DATABASES, type TestApp } from '@parley/testing';
import { photo } from './fixtures/test-images.fixture';
import { ProductImageService } from './product-image.service';

/** A GET with the path sent exactly as written: no client-side normalising of `..` or percent-escapes. */
function rawGet(baseUrl: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe.each(DATABASES)('GET /media on %s', (database) => {
  let t: TestApp;
  let originalKey: string;
  let renditionPath: string;

  beforeAll(async () => {
    t = await createTestApp({ database });
    const product = await t.graphql<{ createProduct: { id: string } }>(
      'mutation { createProduct(input: { name: "Focaccia", variants: [{ sku: "FOC", price: { amount: 500, currency: "EUR" } }] }) { id } }',
    );
    const images = t.get(ProductImageService);
    const image = await images.upload(t.store.id, product.data!.createProduct.id, await photo(300, 200));
    originalKey = image.originalKey;
    for (let ready = false; !ready; await new Promise((resolve) => setTimeout(resolve, 25))) {
      const current = await images.image(t.store.id, image.id);
      ready = current.status === 'ready';
      if (ready) renditionPath = `/media/${current.renditions[0].key}`;
    }
    // Something a path traversal would love to reach, right next to the files folder.
    writeFileSync(join(t.config.dataDir, 'secret.txt'), 'secret');
  });
  afterAll(() => t?.close());

  it('serves a rendition without an API key, with HEAD too', async () => {
    expect((await rawGet(t.url, renditionPath)).status).toBe(200);
    const head = await t.http().head(renditionPath);
    expect([head.status, head.headers['cache-control']]).toEqual([200, 'public, max-age=31536000, immutable']);
  });

  it.each([
    ['an unknown key', () => '/media/images/nothing/here.webp'],
    ['a folder', () => '/media/images'],
    ['the bare prefix', () => '/media/'],
    ['an original, which may hold GPS data', () => `/media/${originalKey}`],
    ['a rendition under another hash', () => renditionPath.replace(/[0-9a-f]{64}/, '0'.repeat(64))],
  ])('answers 404 NOT_FOUND for %s', async (_case, path) => {
    const response = await rawGet(t.url, path());
    expect(response.status).toBe(404);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it.each([
    '/media/images/../../secret.txt',
    '/media/images/..%2f..%2fsecret.txt',
    '/media/images/%2e%2e/%2e%2e/secret.txt',
    '/media/images/%2E%2E%2F%2E%2E%2Fsecret.txt',
    '/media/images/..\\..\\secret.txt',
    '/media/images/x/..%5c..%5c..%5csecret.txt',
    '/media/images%2f..%2f..%2fsecret.txt',
    '/media//etc/passwd',
    '/media/%2fetc%2fpasswd',
    '/media/images/%00/secret.txt',
    '/media/.types/images/x',
  ])('answers 404 NOT_FOUND to the traversal attempt %s', async (path) => {
    const response = await rawGet(t.url, path);
    expect(response.status).toBe(404);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});
