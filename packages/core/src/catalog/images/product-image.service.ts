import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { BadUserInputError, FileStorage, isFileKey, JobQueue, NotFoundError, type StoredFile } from '@parley/plugin-sdk';
import { DataSource, type EntityManager } from 'typeorm';
import { isId } from '../../database/ids';
import { QueueNames } from '../../jobs/queue-names';
import { CatalogService } from '../catalog.service';
import { Product } from '../product.entity';
import { type ImageRendition, ImageStatus, ProductImage } from '../product-image.entity';
import { EXTENSIONS, RENDITION_FORMATS, RENDITION_SIZES, type RenditionFormat, type SniffedImage, sniffImage } from './image-renditions';
import type { ImageJob } from './image-processing.processor';

/**
 * Storage keys. Renditions live under `images/` (served publicly by /media) and carry the original's SHA-256, so a
 * URL's content never changes and can be cached forever; originals, which may hold GPS positions, live under
 * `originals/` and are never served. Within a store, equal uploads share their files.
 */
export function originalKey(storeId: string, contentHash: string, extension: string): string {
  return `originals/${storeId}/${contentHash}.${extension}`;
}

export function renditionKey(storeId: string, contentHash: string, name: string, format: RenditionFormat): string {
  return `images/${storeId}/${contentHash}/${name}.${EXTENSIONS[format]}`;
}

export const PUBLIC_KEY_PREFIX = 'images/';

const MAX_ERROR_LENGTH = 1000;

/** Product images: upload, order, removal, and the processing job's results. Every write is a catalog change. */
@Injectable()
export class ProductImageService {
  private readonly logger = new Logger('ProductImages');

  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: CatalogService,
    private readonly storage: FileStorage,
    private readonly jobs: JobQueue,
  ) {}

  /**
   * Checks the bytes (type, pixels) and the product, records the image as processing (last in the product's order),
   * stores the original and queues the making of its renditions. A refused upload stores nothing.
   */
  async upload(storeId: string, productId: string, bytes: Buffer): Promise<ProductImage> {
    const sniffed = await sniffImage(bytes);
    const contentHash = createHash('sha256').update(bytes).digest('hex');
    const key = originalKey(storeId, contentHash, sniffed.extension);
    // The row first: writing it is what checks the product, so an upload to another store's product stores no file.
    const image = await this.record(storeId, productId, key, sniffed, bytes.length, contentHash);
    try {
      await this.storage.put(key, bytes, sniffed.mimeType);
    } catch (error) {
      await this.markFailed(image, 'Could not store the original: upload the image again');
      throw error;
    }
    try {
      await this.jobs.add<ImageJob>(QueueNames.images, { imageId: image.id }, { jobId: `image-${image.id}` });
    } catch (error) {
      // Recorded but never processed would show "processing" forever: say what happened instead.
      this.logger.error(`Could not queue image ${image.id}: ${(error as Error).message}`);
      return this.markFailed(image, 'Could not queue the image for processing: upload it again');
    }
    return image;
  }

  /** A product's images in order. Another store's product is not found. */
  async images(storeId: string, productId: string): Promise<ProductImage[]> {
    await this.catalog.product(storeId, productId);
    return this.dataSource.getRepository(ProductImage).find({ where: { productId, storeId }, order: { position: 'ASC', createdAt: 'ASC' } });
  }

  async image(storeId: string, id: string): Promise<ProductImage> {
    const image = isId(id) ? await this.dataSource.getRepository(ProductImage).findOneBy({ id, storeId }) : null;
    if (!image) throw new NotFoundError('Product image', id);
    return image;
  }

  /** Removes an image and, unless another image of the store has the same picture, its files. Returns the product's remaining images. */
  async remove(storeId: string, id: string): Promise<ProductImage[]> {
    const { removed, remaining } = await this.catalog.change(storeId, async (tx) => {
      const image = await this.owned(tx.manager, storeId, id);
      await tx.manager.delete(ProductImage, { id: image.id });
      const others = await this.siblings(tx.manager, image.productId);
      return { removed: image, remaining: await this.savePositions(tx.manager, others) };
    });
    await this.deleteFilesUnlessShared(removed);
    return remaining;
  }

  /** Moves an image to `position` (0 is first; past the end means last). Returns the product's images in their new order. */
  async move(storeId: string, id: string, position: number): Promise<ProductImage[]> {
    if (!Number.isInteger(position) || position < 0) throw new BadUserInputError('position is a whole number, 0 or more');
    return this.catalog.change(storeId, async (tx) => {
      const image = await this.owned(tx.manager, storeId, id);
      const others = (await this.siblings(tx.manager, image.productId)).filter((sibling) => sibling.id !== image.id);
      others.splice(Math.min(position, others.length), 0, image);
      return this.savePositions(tx.manager, others);
    });
  }

  /** A rendition for /media. Anything else (originals, unknown or malformed keys) is simply not found. */
  async publicFile(key: string): Promise<StoredFile> {
    const file = key.startsWith(PUBLIC_KEY_PREFIX) && isFileKey(key) ? await this.storage.get(key) : null;
    if (!file) throw new NotFoundError('File');
    return file;
  }

  // ---- for the processing job ---------------------------------------------------------------------------------

  /** Any store's image: the job has no caller to scope it by. */
  byId(id: string): Promise<ProductImage | null> {
    return this.dataSource.getRepository(ProductImage).findOneBy({ id });
  }

  /** Records the stored renditions. When the image was removed meanwhile, deletes what the job just wrote. */
  async markReady(image: ProductImage, renditions: ImageRendition[]): Promise<void> {
    const updated = await this.catalog.change(image.storeId, async (tx) => {
      const result = await tx.manager.update(ProductImage, { id: image.id }, { status: ImageStatus.ready, error: null, renditions });
      return (result.affected ?? 0) > 0;
    });
    if (!updated) await this.deleteFilesUnlessShared(image);
  }

  async markFailed(image: ProductImage, reason: string): Promise<ProductImage> {
    const error = reason.length > MAX_ERROR_LENGTH ? `${reason.slice(0, MAX_ERROR_LENGTH - 1)}…` : reason;
    await this.catalog.change(image.storeId, (tx) => tx.manager.update(ProductImage, { id: image.id }, { status: ImageStatus.failed, error }));
    return { ...image, status: ImageStatus.failed, error };
  }

  // ---- helpers ------------------------------------------------------------------------------------------------

  /** The new image's row, as processing and last of its product's images. */
  private record(storeId: string, productId: string, key: string, sniffed: SniffedImage, bytes: number, contentHash: string) {
    return this.catalog.change(storeId, async (tx) => {
      const position = await this.nextPosition(tx.manager, storeId, productId);
      if (position === null) throw new NotFoundError('Product', productId);
      return tx.manager.save(
        tx.manager.create(ProductImage, {
          storeId,
          productId,
          position,
          status: ImageStatus.processing,
          error: null,
          alt: null,
          originalKey: key,
          mimeType: sniffed.mimeType,
          width: sniffed.width,
          height: sniffed.height,
          bytes,
          contentHash,
          renditions: [],
        }),
      );
    });
  }

  private async owned(manager: EntityManager, storeId: string, id: string): Promise<ProductImage> {
    const image = isId(id) ? await manager.findOneBy(ProductImage, { id, storeId }) : null;
    if (!image) throw new NotFoundError('Product image', id);
    return image;
  }

  private siblings(manager: EntityManager, productId: string): Promise<ProductImage[]> {
    return manager.find(ProductImage, { where: { productId }, order: { position: 'ASC', createdAt: 'ASC' } });
  }

  /** The position after the product's last image; null when the store has no such product. One query for both. */
  private async nextPosition(manager: EntityManager, storeId: string, productId: string): Promise<number | null> {
    if (!isId(productId)) return null;
    const row = await manager
      .createQueryBuilder(Product, 'product')
      .leftJoin(ProductImage, 'image', 'image.productId = product.id')
      .select('MAX(image.position)', 'max')
      .where('product.id = :productId AND product.storeId = :storeId', { productId, storeId })
      // Grouped, so that no product means no row rather than one row of NULL.
      .groupBy('product.id')
      .getRawOne<{ max: number | null }>();
    if (!row) return null;
    return row.max == null ? 0 : Number(row.max) + 1;
  }

  /** Numbers the images 0, 1, 2... in the given order, writing only those whose position changed. */
  private async savePositions(manager: EntityManager, ordered: ProductImage[]): Promise<ProductImage[]> {
    for (const [index, image] of ordered.entries()) {
      if (image.position === index) continue;
      image.position = index;
      await manager.update(ProductImage, { id: image.id }, { position: index });
    }
    return ordered;
  }

  private async deleteFilesUnlessShared(image: ProductImage): Promise<void> {
    const shared = await this.dataSource.getRepository(ProductImage).existsBy({ storeId: image.storeId, contentHash: image.contentHash });
    if (shared) return;
    const keys = [
      image.originalKey,
      ...RENDITION_SIZES.flatMap((size) => RENDITION_FORMATS.map((format) => renditionKey(image.storeId, image.contentHash, size.name, format))),
    ];
    await Promise.all(
      keys.map((key) =>
        this.storage.delete(key).catch((error: Error) => this.logger.warn(`Could not delete ${key}: ${error.message}`)),
      ),
    );
  }
}
