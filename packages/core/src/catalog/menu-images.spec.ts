import { createTestApp, type TestApp } from '@parley/testing';
import sharp from 'sharp';
import { CatalogService } from './catalog.service';
import { ProductImageService } from './images/product-image.service';

describe('pictures in the public menu', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ database: 'sqlite' });
  });
  afterAll(() => t?.close());

  it('shows a product picture once its renditions exist, with their URLs', async () => {
    const catalog = t.get(CatalogService);
    const pizzas = await catalog.createCategory(t.store.id, { name: 'Pizzas' });
    const product = await catalog.createProduct(t.store.id, { name: 'Margherita', categoryIds: [pizzas.id], variants: [{ sku: 'M', price: { amount: 900, currency: 'EUR' } }] });
    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#c0392b' } }).jpeg().toBuffer();
    await t.get(ProductImageService).upload(t.store.id, product.id, photo);

    const menuImages = async () =>
      (await t.graphql<{ menu: { categories: { products: { images: { renditions: { name: string; format: string; url: string }[] }[] }[] }[] } }>(
        'query($s: String!) { menu(store: $s) { categories { products { images { renditions { name format url } } } } } }',
        { s: t.store.slug },
        null,
      )).data!.menu.categories[0].products[0].images;
    let images = await menuImages();
    for (let attempt = 0; attempt < 100 && images.length === 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      images = await menuImages();
    }
    expect(images).toHaveLength(1);
    const jpeg600 = images[0].renditions.find((rendition) => rendition.name === 'w600' && rendition.format === 'jpeg')!;
    expect(jpeg600.url.startsWith(`${t.config.publicUrl}/media/`)).toBe(true);
    const served = await t.http().get(new URL(jpeg600.url).pathname);
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
  });
});
