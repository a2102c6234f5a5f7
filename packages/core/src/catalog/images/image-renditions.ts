import sharp from 'sharp';
import type { ImageRendition } from '../product-image.entity';
import { ImageTooManyPixelsError, UnsupportedImageTypeError } from './image.errors';

/** Bigger uploads are refused with IMAGE_TOO_LARGE. A phone photo is 2-8 MB. */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
/** More pixels are refused with IMAGE_TOO_MANY_PIXELS (50 MP: a decoded one is about 150 MB in memory). */
export const MAX_IMAGE_PIXELS = 50_000_000;

/** What gets made of every upload: a square thumbnail and two widths, each as WebP and as JPEG (WhatsApp takes JPEG). */
export const RENDITION_SIZES = [
  { name: 'square200', width: 200, height: 200 },
  { name: 'w600', width: 600 },
  { name: 'w1200', width: 1200 },
] as const;
export const RENDITION_FORMATS = ['webp', 'jpeg'] as const;

export type RenditionFormat = (typeof RENDITION_FORMATS)[number];
export type RenditionName = (typeof RENDITION_SIZES)[number]['name'];

export const EXTENSIONS: Record<RenditionFormat, string> = { webp: 'webp', jpeg: 'jpg' };
export const CONTENT_TYPES: Record<RenditionFormat, string> = { webp: 'image/webp', jpeg: 'image/jpeg' };

// Decoders accepted for uploads, with the type the original is stored as. HEIF is accepted when it is AVIF (AV1):
// sharp's prebuilt libvips can't decode HEVC (iPhone HEIC).
const ACCEPTED: Record<string, { mimeType: string; extension: string }> = {
  jpeg: { mimeType: 'image/jpeg', extension: 'jpg' },
  png: { mimeType: 'image/png', extension: 'png' },
  webp: { mimeType: 'image/webp', extension: 'webp' },
  gif: { mimeType: 'image/gif', extension: 'gif' },
  heif: { mimeType: 'image/avif', extension: 'avif' },
};

export interface SniffedImage {
  mimeType: string;
  extension: string;
  /** As displayed, after EXIF orientation. */
  width: number;
  height: number;
}

/**
 * Reads what an upload is from its bytes alone (never its name or Content-Type), from the header only: a 20000 x
 * 20000 PNG of a few KB is refused here without one pixel being decoded.
 */
export async function sniffImage(bytes: Buffer): Promise<SniffedImage> {
  let metadata: sharp.Metadata;
  try {
    // No pixel limit here: metadata() reads the header only, and the limit is checked just below with a clear error.
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new UnsupportedImageTypeError();
  }
  const accepted = ACCEPTED[metadata.format];
  if (!accepted) throw new UnsupportedImageTypeError(`${metadata.format.toUpperCase()} images are not accepted`);
  if (metadata.format === 'heif' && metadata.compression !== 'av1') {
    throw new UnsupportedImageTypeError('HEIC photos can not be read: export them as JPEG');
  }
  const { width, height } = metadata;
  if (!width || !height) throw new UnsupportedImageTypeError();
  if (width * height > MAX_IMAGE_PIXELS) throw new ImageTooManyPixelsError(width, height, MAX_IMAGE_PIXELS);
  return { ...accepted, width: metadata.autoOrient?.width ?? width, height: metadata.autoOrient?.height ?? height };
}

export interface RenderedImage extends Omit<ImageRendition, 'key'> {
  name: RenditionName;
  format: RenditionFormat;
  data: Buffer;
}

/** sharp could not decode (or encode) the picture: trying again won't help. */
export class UnreadableImageError extends Error {
  override readonly name = 'UnreadableImageError';
}

async function decoding<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw new UnreadableImageError(`The image could not be decoded (${(error as Error).message.trim()}): upload another file`);
  }
}

/** One size of the original: oriented, resized and in sRGB, as raw pixels for the encoders. */
async function resize(original: Buffer, size: (typeof RENDITION_SIZES)[number]): Promise<{ data: Buffer; info: sharp.OutputInfo }> {
  const pipeline = sharp(original, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'warning' }).rotate();
  if ('height' in size) pipeline.resize(size.width, size.height, { fit: 'cover' });
  else pipeline.resize({ width: size.width, withoutEnlargement: true });
  return decoding(pipeline.toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true }));
}

/** Both encodings of one size's pixels, started at once; JPEG on white, where the original was transparent. */
function encode(pixels: Buffer, info: sharp.OutputInfo): Promise<Buffer>[] {
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  return RENDITION_FORMATS.map((format) =>
    decoding(
      format === 'webp'
        ? sharp(pixels, raw).webp({ quality: 80 }).toBuffer()
        : sharp(pixels, raw).flatten({ background: '#ffffff' }).jpeg({ quality: 82 }).toBuffer(),
    ),
  );
}

/**
 * Makes every rendition of an original: oriented by its EXIF orientation, converted to sRGB, with no metadata at all
 * (sharp writes none unless asked, so EXIF, GPS and camera details are gone). Each size is decoded and resized once
 * and then encoded twice. `each` gets every rendition as soon as it is encoded, so storing one overlaps making the
 * next. sharp's failures are UnreadableImageError; those of `each` pass through as they are.
 *
 * No closure here holds the original or a size's pixels (1200 x 900 is 3 MB): each is garbage as soon as sharp is
 * done with it, not only once the renditions made from it are stored. Buffers that outlive two scavenges are promoted,
 * and their memory then waits for a full collection, which in the API process took about 100 ms each
 * (bench/images.bench.js).
 */
export function renderEach<T>(original: Buffer, each: (rendition: RenderedImage) => Promise<T>): Promise<T[]> {
  const sized = resizeAll(original).map((resized, index) =>
    resized.then(({ data, info }) => handOver(RENDITION_SIZES[index].name, info, encode(data, info), each)),
  );
  return Promise.all(sized).then((renditions) => renditions.flat());
}

function resizeAll(original: Buffer): Promise<{ data: Buffer; info: sharp.OutputInfo }>[] {
  return RENDITION_SIZES.map((size) => resize(original, size));
}

function handOver<T>(name: RenditionName, info: sharp.OutputInfo, encoded: Promise<Buffer>[], each: (rendition: RenderedImage) => Promise<T>): Promise<T[]> {
  return Promise.all(
    RENDITION_FORMATS.map(async (format, index) => {
      const data = await encoded[index];
      return each({ name, format, width: info.width, height: info.height, bytes: data.length, data });
    }),
  );
}

/** Every rendition of an original, in memory (see renderEach). */
export function renderRenditions(original: Buffer): Promise<RenderedImage[]> {
  return renderEach(original, async (rendition) => rendition);
}
