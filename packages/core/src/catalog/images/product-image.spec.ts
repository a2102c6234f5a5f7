import { readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { FileStorage, type JobContext } from '@parley/plugin-sdk';
import { countQueries, createTestApp, DATABASES, type TestApp } from '@parley/testing';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { ApiKeyService } from '../../stores/api-key.service';
import { Store } from '../../stores/store.entity';
import { type ProductImage } from '../product-image.entity';
import { hasGps, jpegWithExif, photo, pngBomb, truncatedJpeg } from './fixtures/test-images.fixture';
import { type ImageJob, ImageProcessingProcessor } from './image-processing.processor';
import { MAX_IMAGE_BYTES } from './image-renditions';
import { ProductImageService } from './product-image.service';

interface ImageJson {
  id: string;
  status: string;
  error: string | null;
  position: number;
  width: number;
  height: number;
  mimeType: string;
  renditions: { name: string; format: string; width: number; height: number; bytes: number; url: string }[];
}

const IMAGE_FIELDS = 'id status error position width height mimeType renditions { name format width height bytes url }';

describe.each(DATABASES)('product images on %s', (database) => {
  let t: TestApp;
  let seed = 0;

  beforeAll(async () => {
    t = await createTestApp({ database });
  });
  afterAll(() => t?.close());
  afterEach(() => jest.restoreAllMocks());

  async function createProduct(name = `Pizza ${++seed}`): Promise<string> {
    const result = await t.graphql<{ createProduct: { id: string } }>(
      'mutation($input: ProductInput!) { createProduct(input: $input) { id } }',
      { input: { name, variants: [{ sku: `SKU-${name.replace(/\W/g, '')}`, price: { amount: 900, currency: 'EUR' } }] } },
    );
    return result.data!.createProduct.id;
  }

  function upload(productId: string, bytes: Buffer, contentType = 'image/jpeg', key: string | null = t.ownerKey) {
    const call = t.http().post(`/admin/products/${productId}/images`).set('content-type', contentType);
    return (key === null ? call : call.set('authorization', `Bearer ${key}`)).send(bytes);
  }

  /** Waits for the image job to finish, whichever way. */
  async function settled(id: string, timeoutMs = 15_000): Promise<ProductImage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const image = await t.get(ProductImageService).image(t.store.id, id);
      if (image.status !== 'processing') return image;
      if (Date.now() > deadline) throw new Error(`Image ${id} still processing after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async function imageOf(id: string): Promise<ImageJson> {
    const result = await t.graphql<{ productImage: ImageJson }>(`query($id: ID!) { productImage(id: $id) { ${IMAGE_FIELDS} } }`, { id });
    expect(result.errors).toBeUndefined();
    return result.data!.productImage;
  }

  const pathOf = (url: string) => new URL(url).pathname;
  const catalogVersion = async () => (await t.get(DataSource).getRepository(Store).findOneByOrFail({ id: t.store.id })).catalogVersion;
  const storedOriginals = () => {
    try {
      return readdirSync(join(t.config.dataDir, 'files', 'originals', t.store.id));
    } catch {
      return [];
    }
  };

  it('stores an upload as processing, then makes six renditions served with year-long cache headers', async () => {
    const productId = await createProduct();
    // Hold the renditions' writes, to see the image while it is processing.
    const storage = t.get(FileStorage);
    const put = storage.put.bind(storage);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    jest.spyOn(storage, 'put').mockImplementation(async (key, bytes, type) => {
      if (key.startsWith('images/')) await held;
      return put(key, bytes, type);
    });
    const before = await catalogVersion();

    const response = await upload(productId, await photo(1400, 1000), 'image/jpeg');
    expect(response.status).toBe(201);
    const uploaded = response.body as ImageJson;
    expect(uploaded).toMatchObject({ status: 'processing', position: 0, width: 1400, height: 1000, mimeType: 'image/jpeg', renditions: [] });
    expect(await catalogVersion()).toBe(before + 1);
    const listed = await t.graphql<{ product: { images: ImageJson[] } }>(`query($id: ID!) { product(id: $id) { images { ${IMAGE_FIELDS} } } }`, { id: productId });
    expect(listed.data!.product.images).toEqual([expect.objectContaining({ id: uploaded.id, status: 'processing', renditions: [] })]);

    release();
    expect((await settled(uploaded.id)).status).toBe('ready');
    expect(await catalogVersion()).toBe(before + 2);
    const image = await imageOf(uploaded.id);
    expect(image.renditions.map(({ name, format, width, height }) => `${name}.${format} ${width}x${height}`)).toEqual([
      'square200.webp 200x200',
      'square200.jpeg 200x200',
      'w600.webp 600x429',
      'w600.jpeg 600x429',
      'w1200.webp 1200x857',
      'w1200.jpeg 1200x857',
    ]);
    for (const rendition of image.renditions) {
      // The URL is absolute, on the public URL, and holds the original's SHA-256.
      expect(rendition.url).toMatch(new RegExp(`^${t.config.publicUrl}/media/images/${t.store.id}/[0-9a-f]{64}/${rendition.name}\\.(webp|jpg)$`));
      const served = await t.http().get(pathOf(rendition.url)).responseType('blob');
      expect(served.status).toBe(200);
      expect(served.headers).toMatchObject({
        'content-type': `image/${rendition.format}`,
        'cache-control': 'public, max-age=31536000, immutable',
        'content-length': String(rendition.bytes),
      });
      const metadata = await sharp(served.body as Buffer).metadata();
      expect([metadata.format, metadata.width, metadata.height]).toEqual([rendition.format, rendition.width, rendition.height]);
    }
    // The REST listing says the same.
    const rest = await t.http().get(`/admin/products/${productId}/images`).set('authorization', `Bearer ${t.ownerKey}`);
    expect(rest.status).toBe(200);
    expect(rest.body).toEqual([expect.objectContaining({ id: uploaded.id, status: 'ready', renditions: image.renditions })]);
  });

  it('orients renditions by EXIF and strips EXIF and GPS from them; the original is never served', async () => {
    const productId = await createProduct();
    const original = await jpegWithExif();
    expect(hasGps((await sharp(original).metadata()).exif)).toBe(true);

    const response = await upload(productId, original, 'application/octet-stream');
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ width: 100, height: 300 });
    const image = await settled((response.body as ImageJson).id);
    expect(image.status).toBe('ready');

    for (const rendition of (await imageOf(image.id)).renditions) {
      const served = await t.http().get(pathOf(rendition.url)).responseType('blob');
      const metadata = await sharp(served.body as Buffer).metadata();
      expect({ exif: metadata.exif, orientation: metadata.orientation }).toEqual({ exif: undefined, orientation: undefined });
      if (rendition.name !== 'square200') expect([rendition.width, rendition.height]).toEqual([100, 300]);
    }
    expect((await t.http().get(`/media/${image.originalKey}`)).status).toBe(404);
  });

  it('refuses a decompression bomb from its header with IMAGE_TOO_MANY_PIXELS, storing nothing', async () => {
    const productId = await createProduct();
    const originals = storedOriginals();
    const response = await upload(productId, pngBomb(), 'image/png');
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ error: { code: 'IMAGE_TOO_MANY_PIXELS', message: expect.stringContaining('20000 x 20000') } });
    expect(await t.get(ProductImageService).images(t.store.id, productId)).toEqual([]);
    expect(storedOriginals()).toEqual(originals);
  });

  it.each([
    ['text claiming to be a PNG', Buffer.from('<html>not a picture</html>'), 'image/png'],
    ['an SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'), 'image/svg+xml'],
    ['a body sent as text', Buffer.from('hello'), 'text/plain'],
  ])('refuses %s with UNSUPPORTED_IMAGE_TYPE, storing nothing', async (_case, bytes, contentType) => {
    const productId = await createProduct();
    const originals = storedOriginals();
    const response = await upload(productId, bytes, contentType);
    expect(response.status).toBe(415);
    expect(response.body).toMatchObject({ error: { code: 'UNSUPPORTED_IMAGE_TYPE' } });
    expect(await t.get(ProductImageService).images(t.store.id, productId)).toEqual([]);
    expect(storedOriginals()).toEqual(originals);
  });

  it('refuses more bytes than allowed with IMAGE_TOO_LARGE, by Content-Length or as they stream in', async () => {
    const productId = await createProduct();
    const tooMany = Buffer.alloc(MAX_IMAGE_BYTES + 1);
    const declared = await upload(productId, tooMany, 'image/jpeg');
    expect(declared.status).toBe(413);
    expect(declared.body).toMatchObject({ error: { code: 'IMAGE_TOO_LARGE' } });

    // Chunked, with no Content-Length: refused once the limit is passed.
    const streamed = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(`${t.url}/admin/products/${productId}/images`);
      const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'image/jpeg', authorization: `Bearer ${t.ownerKey}`, 'transfer-encoding': 'chunked' } }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(1024 * 1024);
      for (let sent = 0; sent <= MAX_IMAGE_BYTES; sent += chunk.length) req.write(chunk);
      req.end();
    });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body)).toMatchObject({ error: { code: 'IMAGE_TOO_LARGE' } });
    expect(await t.get(ProductImageService).images(t.store.id, productId)).toEqual([]);
  });

  it("keeps each store's images to itself, and lets only owner and staff keys upload", async () => {
    const productId = await createProduct();
    const response = await upload(productId, await photo(300, 200, 'png', 11), 'image/png');
    const imageId = (response.body as ImageJson).id;
    await settled(imageId);
    const other = await t.createStore(`other-${database}-${Date.now()}`);

    const foreignUpload = await upload(productId, await photo(300, 200, 'png', 12), 'image/png', other.ownerKey);
    expect([foreignUpload.status, foreignUpload.body.error?.code]).toEqual([404, 'NOT_FOUND']);
    const foreignList = await t.http().get(`/admin/products/${productId}/images`).set('authorization', `Bearer ${other.ownerKey}`);
    expect([foreignList.status, foreignList.body.error?.code]).toEqual([404, 'NOT_FOUND']);
    for (const [query, variables] of [
      ['query($id: ID!) { productImage(id: $id) { id } }', { id: imageId }],
      ['query($id: ID!) { product(id: $id) { images { id } } }', { id: productId }],
      ['mutation($id: ID!) { removeProductImage(id: $id) { id } }', { id: imageId }],
      ['mutation($id: ID!) { moveProductImage(id: $id, position: 0) { id } }', { id: imageId }],
    ] as const) {
      const result = await t.graphql(query, variables, other.ownerKey);
      expect(result.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
    expect(await t.get(ProductImageService).images(t.store.id, productId)).toHaveLength(1);

    const anonymous = await upload(productId, await photo(300, 200, 'png', 13), 'image/png', null);
    expect([anonymous.status, anonymous.body.error?.code]).toEqual([401, 'UNAUTHENTICATED']);
    const { secret: integrationKey } = await t.get(ApiKeyService).create(t.store.id, { name: 'sync', role: 'integration' });
    const integration = await upload(productId, await photo(300, 200, 'png', 14), 'image/png', integrationKey);
    expect([integration.status, integration.body.error?.code]).toEqual([403, 'FORBIDDEN']);
    const { secret: staffKey } = await t.get(ApiKeyService).create(t.store.id, { name: 'till', role: 'staff' });
    expect((await upload(productId, await photo(300, 200, 'png', 15), 'image/png', staffKey)).status).toBe(201);
  });

  it('marks an image that passes sniffing but does not decode as failed with the reason, without retrying', async () => {
    const productId = await createProduct();
    const processor = t.get(ImageProcessingProcessor);
    const runs = jest.spyOn(processor, 'process');
    const response = await upload(productId, await truncatedJpeg(), 'image/jpeg');
    expect(response.status).toBe(201);
    const image = await settled((response.body as ImageJson).id);
    expect(image).toMatchObject({ status: 'failed', error: expect.stringMatching(/could not be decoded.*JPEG/i), renditions: [] });
    expect((await imageOf(image.id)).error).toBe(image.error);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(runs).toHaveBeenCalledTimes(1);
  });

  it('retries a storage failure and marks the image failed with the reason after the last attempt', async () => {
    const productId = await createProduct();
    const storage = t.get(FileStorage);
    const put = storage.put.bind(storage);
    jest.spyOn(storage, 'put').mockImplementation(async (key, bytes, type) => {
      if (key.startsWith('images/')) throw new Error('disk full');
      return put(key, bytes, type);
    });
    const attempts: number[] = [];
    const processor = t.get(ImageProcessingProcessor);
    const process = processor.process.bind(processor);
    jest.spyOn(processor, 'process').mockImplementation(async (job: JobContext<ImageJob>) => {
      attempts.push(job.attempt);
      return process(job);
    });

    const response = await upload(productId, await photo(320, 240, 'webp', 21), 'image/webp');
    expect(response.status).toBe(201);
    const image = await settled((response.body as ImageJson).id);
    expect(image).toMatchObject({ status: 'failed', error: 'Processing failed 3 times, last with: disk full' });
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('marks the image failed when its original can not be stored, and says so', async () => {
    const productId = await createProduct();
    const storage = t.get(FileStorage);
    const put = storage.put.bind(storage);
    jest.spyOn(storage, 'put').mockImplementation(async (key, bytes, type) => {
      if (key.startsWith('originals/')) throw new Error('disk full');
      return put(key, bytes, type);
    });
    const response = await upload(productId, await photo(200, 200, 'png', 22), 'image/png');
    expect(response.status).toBe(500);
    expect(await t.get(ProductImageService).images(t.store.id, productId)).toEqual([
      expect.objectContaining({ status: 'failed', error: 'Could not store the original: upload the image again' }),
    ]);
  });

  it('orders images, moves and removes them, deleting files no other image of the store uses', async () => {
    const productId = await createProduct();
    const otherProductId = await createProduct();
    const pictures = [await photo(300, 300, 'jpeg', 31), await photo(300, 300, 'jpeg', 32), await photo(300, 300, 'jpeg', 33)];
    const ids: string[] = [];
    for (const picture of pictures) ids.push((await upload(productId, picture)).body.id);
    // The same picture on another product shares its files.
    const twin = (await upload(otherProductId, pictures[0])).body.id as string;
    for (const id of [...ids, twin]) expect((await settled(id)).status).toBe('ready');
    expect((await t.get(ProductImageService).images(t.store.id, productId)).map((image) => [image.id, image.position])).toEqual(ids.map((id, index) => [id, index]));

    const moved = await t.graphql<{ moveProductImage: { id: string; position: number }[] }>(
      'mutation($id: ID!) { moveProductImage(id: $id, position: 0) { id position } }',
      { id: ids[2] },
    );
    expect(moved.data!.moveProductImage).toEqual([{ id: ids[2], position: 0 }, { id: ids[0], position: 1 }, { id: ids[1], position: 2 }]);
    const last = await t.graphql<{ moveProductImage: { id: string }[] }>('mutation($id: ID!) { moveProductImage(id: $id, position: 99) { id } }', { id: ids[2] });
    expect(last.data!.moveProductImage.map((image) => image.id)).toEqual([ids[0], ids[1], ids[2]]);
    const negative = await t.graphql('mutation($id: ID!) { moveProductImage(id: $id, position: -1) { id } }', { id: ids[2] });
    expect(negative.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    const urlsOf = async (id: string) => (await imageOf(id)).renditions.map((rendition) => pathOf(rendition.url));
    const [removedUrls, sharedUrls] = [await urlsOf(ids[1]), await urlsOf(ids[0])];
    const before = await catalogVersion();
    const removed = await t.graphql<{ removeProductImage: { id: string; position: number }[] }>(
      'mutation($id: ID!) { removeProductImage(id: $id) { id position } }',
      { id: ids[1] },
    );
    expect(removed.data!.removeProductImage).toEqual([{ id: ids[0], position: 0 }, { id: ids[2], position: 1 }]);
    expect(await catalogVersion()).toBe(before + 1);
    for (const url of removedUrls) expect((await t.http().get(url)).status).toBe(404);

    // Removing one of two images of the same picture keeps the files the other still shows.
    await t.graphql('mutation($id: ID!) { removeProductImage(id: $id) { id } }', { id: ids[0] });
    for (const url of sharedUrls) expect((await t.http().get(url)).status).toBe(200);
    await t.graphql('mutation($id: ID!) { removeProductImage(id: $id) { id } }', { id: twin });
    for (const url of sharedUrls) expect((await t.http().get(url)).status).toBe(404);
  });

  it('loads the images of a page of products in one query', async () => {
    const productIds = [await createProduct(), await createProduct(), await createProduct()];
    const uploaded: string[] = [];
    for (const [index, productId] of productIds.entries()) {
      uploaded.push((await upload(productId, await photo(200, 100, 'png', 40 + index), 'image/png')).body.id);
      uploaded.push((await upload(productId, await photo(200, 100, 'png', 50 + index), 'image/png')).body.id);
    }
    // Counted once the jobs are done, so only the request's own queries count.
    for (const id of uploaded) await settled(id);
    const dataSource = t.get(DataSource);
    let result: Awaited<ReturnType<TestApp['graphql']>> | undefined;
    const { queries } = await countQueries(dataSource, async () => {
      result = await t.graphql(`{ products(first: 50) { nodes { id images { id position renditions { url } } } } }`);
    });
    expect(result!.errors).toBeUndefined();
    const nodes = (result!.data as { products: { nodes: { id: string; images: { position: number }[] }[] } }).products.nodes;
    for (const productId of productIds) expect(nodes.find((node) => node.id === productId)!.images.map((image) => image.position)).toEqual([0, 1]);
    expect(queries.filter((query) => query.includes('product_image'))).toHaveLength(1);
  });
});

describe('product images with BullMQ on Redis', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ database: 'postgres', redis: true });
  });
  afterAll(() => t?.close());

  it('processes an upload on the images queue', async () => {
    const product = await t.graphql<{ createProduct: { id: string } }>(
      'mutation { createProduct(input: { name: "Calzone", variants: [{ sku: "CAL", price: { amount: 1100, currency: "EUR" } }] }) { id } }',
    );
    const response = await t
      .http()
      .post(`/admin/products/${product.data!.createProduct.id}/images`)
      .set('authorization', `Bearer ${t.ownerKey}`)
      .set('content-type', 'image/webp')
      .send(await photo(640, 480, 'webp', 61));
    expect(response.status).toBe(201);
    const images = t.get(ProductImageService);
    let image = await images.image(t.store.id, response.body.id);
    for (const deadline = Date.now() + 15_000; image.status === 'processing' && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      image = await images.image(t.store.id, image.id);
    }
    expect(image.status).toBe('ready');
    expect(image.renditions.map((rendition) => `${rendition.name}.${rendition.format} ${rendition.width}x${rendition.height}`)).toEqual([
      'square200.webp 200x200',
      'square200.jpeg 200x200',
      'w600.webp 600x450',
      'w600.jpeg 600x450',
      'w1200.webp 640x480',
      'w1200.jpeg 640x480',
    ]);
  });
});
