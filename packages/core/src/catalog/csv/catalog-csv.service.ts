import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { FileStorage, NotFoundError } from '@parley/plugin-sdk';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/config.schema';
import { APP_CONFIG } from '../../config/config.module';
import { Store } from '../../stores/store.entity';
import { CatalogService } from '../catalog.service';
import { MAX_IMAGE_BYTES, sniffImage } from '../images/image-renditions';
import { ProductImageService } from '../images/product-image.service';
import { ProductImage } from '../product-image.entity';
import { exportCatalogCsv } from './catalog-csv.export';
import { CatalogImport, type ImportImages } from './catalog-csv.import';
import type { CatalogImportReport } from './catalog-csv.report';
import { readCsv } from './csv-reader';
import { loadImage, ownImageHash } from './image-source';

export interface CatalogImportOptions {
  /** Report what would happen and change nothing. */
  dryRun: boolean;
  /** A server-side folder where the file's image names are found (the demo menu); API imports have none. */
  imageFolder?: string | null;
  /** Rows per transaction. */
  batchRows?: number;
}

/** Limits of one import: past them the file is refused (CATALOG_CSV_TOO_LARGE) and should be split. */
export const CSV_IMPORT_LIMITS = { maxBytes: 50 * 1024 * 1024, maxRows: 100_000 };
const BATCH_ROWS = 200;
const IMAGE_TIMEOUT_MS = 15_000;

/** Catalog import and export as CSV (docs/catalog-csv.md). Writes go through CatalogService, one change per batch. */
@Injectable()
export class CatalogCsvService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: CatalogService,
    private readonly productImages: ProductImageService,
    private readonly storage: FileStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Reads the CSV as it arrives (a request body, a file) and applies it, or in a dry run only reports. */
  async import(storeId: string, source: AsyncIterable<Buffer | string>, options: CatalogImportOptions): Promise<CatalogImportReport> {
    const store = await this.store(storeId);
    const run = new CatalogImport(this.catalog, store, this.images(store, options.imageFolder ?? null), {
      dryRun: options.dryRun,
      batchRows: options.batchRows ?? BATCH_ROWS,
    });
    return run.run(readCsv(source, CSV_IMPORT_LIMITS));
  }

  /** The catalog as CSV text, a line at a time. */
  async export(storeId: string): Promise<AsyncGenerator<string>> {
    return exportCatalogCsv(this.dataSource, await this.store(storeId), this.config.publicUrl);
  }

  async exportText(storeId: string): Promise<string> {
    let text = '';
    for await (const line of await this.export(storeId)) text += line;
    return text;
  }

  private async store(storeId: string): Promise<Store> {
    const store = await this.dataSource.getRepository(Store).findOneBy({ id: storeId });
    if (!store) throw new NotFoundError('Store', storeId);
    return store;
  }

  private images(store: Store, folder: string | null): ImportImages {
    const sourceOptions = {
      folder,
      // Tests and local setups import from 127.0.0.1; a production server must not fetch from its own network.
      allowPrivateNetworks: this.config.env !== 'production',
      maxBytes: MAX_IMAGE_BYTES,
      timeoutMs: IMAGE_TIMEOUT_MS,
    };
    return {
      load: (source) => loadImage(source, sourceOptions),
      check: async (bytes) => void (await sniffImage(bytes)),
      ownHash: (source) => ownImageHash(source, store.id),
      known: (hash) => this.dataSource.getRepository(ProductImage).existsBy({ storeId: store.id, contentHash: hash }),
      original: async (hash) => {
        const image = await this.dataSource.getRepository(ProductImage).findOneBy({ storeId: store.id, contentHash: hash });
        const file = image ? await this.storage.get(image.originalKey) : null;
        return file ? readAll(file.body) : null;
      },
      add: async (productId, bytes) => void (await this.productImages.upload(store.id, productId, bytes)),
    };
  }
}

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
