import sharp from 'sharp';
import { hasGps, jpegWithExif, photo, pngBomb, truncatedJpeg } from './fixtures/test-images.fixture';
import { MAX_IMAGE_PIXELS, renderRenditions, sniffImage, UnreadableImageError } from './image-renditions';

const sizes = (renditions: { name: string; format: string; width: number; height: number }[]) =>
  renditions.map(({ name, format, width, height }) => `${name}.${format} ${width}x${height}`);

describe('sniffImage', () => {
  it.each([
    ['jpeg', 'image/jpeg'],
    ['png', 'image/png'],
    ['webp', 'image/webp'],
    ['gif', 'image/gif'],
    ['avif', 'image/avif'],
  ] as const)('reads a %s from its bytes alone', async (format, mimeType) => {
    expect(await sniffImage(await photo(64, 48, format))).toMatchObject({ mimeType, width: 64, height: 48 });
  });

  it('gives the size as displayed, after EXIF orientation', async () => {
    expect(await sniffImage(await jpegWithExif())).toMatchObject({ width: 100, height: 300 });
  });

  it.each([
    ['text', Buffer.from('definitely not a picture')],
    ['an empty body', Buffer.alloc(0)],
    ['an SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')],
  ])('refuses %s as UNSUPPORTED_IMAGE_TYPE', async (_case, bytes) => {
    await expect(sniffImage(bytes)).rejects.toMatchObject({ code: 'UNSUPPORTED_IMAGE_TYPE' });
  });

  it('refuses a TIFF, which it can read but does not accept', async () => {
    const tiff = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).tiff().toBuffer();
    await expect(sniffImage(tiff)).rejects.toMatchObject({ code: 'UNSUPPORTED_IMAGE_TYPE', message: expect.stringContaining('TIFF') });
  });

  it('refuses a decompression bomb from its header, without decoding it', async () => {
    const bomb = pngBomb();
    const started = Date.now();
    await expect(sniffImage(bomb)).rejects.toMatchObject({
      code: 'IMAGE_TOO_MANY_PIXELS',
      details: { width: 20_000, height: 20_000, maxPixels: MAX_IMAGE_PIXELS },
    });
    // Decoding 400 megapixels takes seconds and hundreds of MB; reading a header, a few milliseconds.
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('renderRenditions', () => {
  it('makes a 200 px square and 600 and 1200 px wide copies, each as WebP and JPEG', async () => {
    const renditions = await renderRenditions(await photo(1600, 1200));
    expect(sizes(renditions)).toEqual([
      'square200.webp 200x200',
      'square200.jpeg 200x200',
      'w600.webp 600x450',
      'w600.jpeg 600x450',
      'w1200.webp 1200x900',
      'w1200.jpeg 1200x900',
    ]);
    for (const rendition of renditions) {
      const metadata = await sharp(rendition.data).metadata();
      expect([metadata.format, metadata.width, metadata.height, rendition.bytes]).toEqual([rendition.format, rendition.width, rendition.height, rendition.data.length]);
    }
  });

  it('never enlarges the wide copies of a small picture', async () => {
    expect(sizes(await renderRenditions(await photo(500, 250, 'png')))).toEqual([
      'square200.webp 200x200',
      'square200.jpeg 200x200',
      'w600.webp 500x250',
      'w600.jpeg 500x250',
      'w1200.webp 500x250',
      'w1200.jpeg 500x250',
    ]);
  });

  it('applies the EXIF orientation and keeps no metadata: no EXIF, no GPS, no orientation tag', async () => {
    const original = await jpegWithExif();
    const before = await sharp(original).metadata();
    expect([before.orientation, hasGps(before.exif)]).toEqual([6, true]);

    const renditions = await renderRenditions(original);
    expect(sizes(renditions).filter((size) => size.startsWith('w600'))).toEqual(['w600.webp 100x300', 'w600.jpeg 100x300']);
    for (const rendition of renditions) {
      const metadata = await sharp(rendition.data).metadata();
      expect({ exif: metadata.exif, orientation: metadata.orientation, xmp: metadata.xmp, iptc: metadata.iptc }).toEqual({
        exif: undefined,
        orientation: undefined,
        xmp: undefined,
        iptc: undefined,
      });
    }
    // Turned clockwise, the red left third of the stored picture is now on top.
    const w600 = renditions.find((rendition) => rendition.name === 'w600' && rendition.format === 'jpeg')!;
    const { data } = await sharp(w600.data).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => [...data.subarray((y * 100 + x) * 3, (y * 100 + x) * 3 + 3)];
    expect(pixel(50, 20)[0]).toBeGreaterThan(200);
    expect(pixel(50, 20)[2]).toBeLessThan(60);
    expect(pixel(50, 280)[2]).toBeGreaterThan(200);
  });

  it('puts transparent pictures on white in JPEG and keeps their transparency in WebP', async () => {
    const clear = await sharp({ create: { width: 300, height: 300, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    const renditions = await renderRenditions(clear);
    const jpeg = await sharp(renditions.find((r) => r.format === 'jpeg')!.data).raw().toBuffer();
    expect([...jpeg.subarray(0, 3)]).toEqual([255, 255, 255]);
    expect((await sharp(renditions.find((r) => r.format === 'webp')!.data).metadata()).hasAlpha).toBe(true);
  });

  it.each([
    ['16-bit PNG', () => sharp({ create: { width: 320, height: 240, channels: 3, background: '#336699' } }).png().toColourspace('rgb16').toBuffer()],
    ['greyscale PNG', () => sharp({ create: { width: 320, height: 240, channels: 3, background: '#777777' } }).greyscale().png().toBuffer()],
    ['CMYK JPEG', () => sharp({ create: { width: 320, height: 240, channels: 3, background: '#336699' } }).toColourspace('cmyk').jpeg().toBuffer()],
    ['animated GIF (first frame)', () => sharp({ create: { width: 320, height: 480, channels: 4, background: '#ff0000' } }).gif().toBuffer().then((frame) => sharp([frame, frame], { join: { animated: true } }).gif().toBuffer())],
  ])('renders a %s as sRGB copies', async (_case, make) => {
    const renditions = await renderRenditions(await make());
    expect(renditions).toHaveLength(6);
    for (const rendition of renditions) expect((await sharp(rendition.data).metadata()).space).toBe('srgb');
  });

  it('fails on a picture whose header reads but whose pixels do not', async () => {
    const broken = await truncatedJpeg();
    await expect(sniffImage(broken)).resolves.toMatchObject({ mimeType: 'image/jpeg' });
    await expect(renderRenditions(broken)).rejects.toThrow(UnreadableImageError);
    await expect(renderRenditions(broken)).rejects.toThrow(/could not be decoded \(.*JPEG/i);
  });
});
