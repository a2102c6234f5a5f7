import { Injectable, type OnModuleInit } from '@nestjs/common';
import { FileStorage, type JobContext, JobQueue, UnrecoverableJobError } from '@parley/plugin-sdk';
import { QueueNames } from '../../jobs/queue-names';
import { type ImageRendition, ImageStatus, type ProductImage } from '../product-image.entity';
import { CONTENT_TYPES, type RenderedImage, UnreadableImageError } from './image-renditions';
import { renderEachOnThread } from './rendition-thread';
import { ProductImageService, renditionKey } from './product-image.service';

/** The payload of a job on the `images` queue. */
export interface ImageJob {
  imageId: string;
}

export const IMAGE_JOB_SETTINGS = {
  // Per process. Each job runs its three sizes in parallel on libuv's threads; three jobs keep two cores busy even
  // while one of them waits on the database or storage (bench/images.bench.js: two left about 5% idle).
  concurrency: 3,
  attempts: 3,
  backoffMs: 1000,
};

/**
 * Makes an uploaded image's renditions (see renderEach; on a thread of their own, rendition-thread.ts), storing each as soon as it is encoded, and marks the image
 * ready; or failed, with the reason, once retrying is pointless (undecodable picture) or the last attempt failed
 * (e.g. storage).
 * Safe to run twice: keys depend only on the picture, and an image no longer processing is left alone.
 */
@Injectable()
export class ImageProcessingProcessor implements OnModuleInit {
  constructor(
    private readonly jobs: JobQueue,
    private readonly images: ProductImageService,
    private readonly storage: FileStorage,
  ) {}

  onModuleInit(): void {
    this.jobs.define<ImageJob>(QueueNames.images, (job) => this.process(job), IMAGE_JOB_SETTINGS);
  }

  async process({ data, attempt }: JobContext<ImageJob>): Promise<void> {
    const image = await this.images.byId(data.imageId);
    if (!image || image.status !== ImageStatus.processing) return;
    try {
      await this.images.markReady(image, await this.render(image));
    } catch (error) {
      const message = (error as Error).message;
      if (error instanceof UnreadableImageError) {
        await this.images.markFailed(image, message);
        throw new UnrecoverableJobError(message);
      }
      if (attempt >= IMAGE_JOB_SETTINGS.attempts) {
        await this.images.markFailed(image, `Processing failed ${attempt} times, last with: ${message}`);
      }
      throw error;
    }
  }

  // Not an async function, so that no suspended frame keeps the original alive while its renditions are stored.
  private render(image: ProductImage): Promise<ImageRendition[]> {
    return this.original(image).then((original) => renderEachOnThread(original, (rendition) => this.store(image, rendition)));
  }

  private async original(image: ProductImage): Promise<Buffer> {
    const file = await this.storage.get(image.originalKey);
    if (!file) throw new UnreadableImageError('The original file is missing from storage: upload the image again');
    const chunks: Buffer[] = [];
    for await (const chunk of file.body) chunks.push(chunk as Buffer);
    // Local files arrive in one chunk: no copy of a few MB for sharp to read.
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
  }

  private async store(image: ProductImage, rendition: RenderedImage): Promise<ImageRendition> {
    const key = renditionKey(image.storeId, image.contentHash, rendition.name, rendition.format);
    await this.storage.put(key, rendition.data, CONTENT_TYPES[rendition.format]);
    const { name, format, width, height, bytes } = rendition;
    return { name, format, width, height, bytes, key };
  }
}
