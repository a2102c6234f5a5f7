import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ExternalProduct, ExternalVariant, ShopStore } from '@parley/plugin-sdk';
import { DataSource, type EntityManager, In } from 'typeorm';
import { CurrencyMismatchError } from '../catalog/catalog.errors';
import { CatalogService } from '../catalog/catalog.service';
import { loadImage } from '../catalog/csv/image-source';
import { MAX_IMAGE_BYTES } from '../catalog/images/image-renditions';
import { ProductImageService } from '../catalog/images/product-image.service';
import { Product, ProductStatus } from '../catalog/product.entity';
import { Variant } from '../catalog/variant.entity';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { UnitOfWork } from '../database/unit-of-work';
import { ShopImageSource } from './shop-image-source.entity';
import { ShopVariantLink } from './shop-variant-link.entity';

export type ImportOutcome = 'created' | 'updated' | 'archived' | 'unchanged';

/** What became of one product; `imageError` when some of its images could not be had (the rest was applied). */
export interface ProductImportResult {
  outcome: ImportOutcome;
  imageError?: string;
}

const IMAGE_TIMEOUT_MS = 15_000;

/** A shop's variant as the catalog's variant input. */
interface VariantWanted {
  sku: string;
  options: { name: string; value: string }[];
  price: { amount: number; currency: string };
  trackStock: boolean;
  stockOnHand: number;
  position: number;
}

const urlHash = (url: string) => createHash('sha256').update(url).digest('hex');
const optionList = (options: Record<string, string>) => Object.entries(options).map(([name, value]) => ({ name, value }));
const sameOptions = (a: Record<string, string>, b: Record<string, string>) => {
  const lower = (options: Record<string, string>) => JSON.stringify(Object.entries(options).map(([name, value]) => [name.toLowerCase(), value]).sort());
  return lower(a) === lower(b);
};

/**
 * Applies one product as the shop has it to the store's catalog, matched by (source, external id) for the product and
 * by the shop's variant id for its variants: created, updated, archived, or left alone when nothing differs (then
 * nothing is written, so an import run twice changes nothing). Prices must be in the store's currency: another is
 * refused, never converted. Stock the shop counts is copied (an oversold shop's negative stock is 0 here).
 */
@Injectable()
export class ShopCatalogImporter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly catalog: CatalogService,
    private readonly productImages: ProductImageService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async apply(store: ShopStore, connector: string, external: ExternalProduct): Promise<ProductImportResult> {
    for (const variant of external.variants) {
      if (variant.price.currency.toUpperCase() !== store.currency) throw new CurrencyMismatchError(variant.price.currency, store.currency);
    }
    const product = await this.dataSource.getRepository(Product).findOneBy({ storeId: store.storeId, externalSource: connector, externalId: external.externalId });
    if (!product) {
      // Nothing to withdraw: a product the shop archived before we ever saw it is not brought in.
      if (external.archived || external.variants.length === 0) return { outcome: 'unchanged' };
      const created = await this.create(store, connector, external);
      const images = await this.syncImages(store, created.id, external.imageUrls);
      return { outcome: 'created', imageError: images.error };
    }
    if (external.archived || external.variants.length === 0) return { outcome: await this.archive(store, product) };
    const changed = await this.update(store, connector, product, external);
    const images = await this.syncImages(store, product.id, external.imageUrls);
    return { outcome: changed || images.changed ? 'updated' : 'unchanged', imageError: images.error };
  }

  /** Withdraws a product the shop archived or deleted. */
  async archive(store: ShopStore, product: Product): Promise<ImportOutcome> {
    if (product.status === ProductStatus.archived) return 'unchanged';
    await this.catalog.archiveProduct(store.storeId, product.id);
    return 'archived';
  }

  /** The store's active products imported from this shop. */
  productsOf(store: ShopStore, connector: string): Promise<Product[]> {
    return this.dataSource.getRepository(Product).findBy({ storeId: store.storeId, externalSource: connector, status: ProductStatus.active });
  }

  productByExternalId(store: ShopStore, connector: string, externalId: string): Promise<Product | null> {
    return this.dataSource.getRepository(Product).findOneBy({ storeId: store.storeId, externalSource: connector, externalId });
  }

  private skuOf(connector: string, variant: ExternalVariant): string {
    return variant.sku.trim() || `${connector}-${variant.externalId}`;
  }

  private variantInput(connector: string, variant: ExternalVariant, position: number): VariantWanted {
    return {
      sku: this.skuOf(connector, variant),
      options: optionList(variant.options),
      price: variant.price,
      trackStock: variant.stock !== null,
      stockOnHand: Math.max(0, variant.stock ?? 0),
      position,
    };
  }

  private create(store: ShopStore, connector: string, external: ExternalProduct): Promise<Product> {
    return this.catalog.change(store.storeId, async (tx) => {
      const product = await this.catalog.createProduct(store.storeId, {
        name: external.name,
        description: external.description ?? null,
        externalId: external.externalId,
        externalSource: connector,
        variants: external.variants.map((variant, index) => this.variantInput(connector, variant, index)),
      });
      const variants = await tx.manager.findBy(Variant, { productId: product.id });
      for (const variant of external.variants) {
        const ours = variants.find((candidate) => candidate.sku === this.skuOf(connector, variant))!;
        await this.link(tx.manager, store, connector, external.externalId, variant.externalId, ours.id);
      }
      return product;
    });
  }

  /** True when anything was written. */
  private async update(store: ShopStore, connector: string, product: Product, external: ExternalProduct): Promise<boolean> {
    const links = await this.dataSource.getRepository(ShopVariantLink).findBy({ storeId: store.storeId, connector, externalProductId: external.externalId });
    const variants = links.length ? await this.dataSource.getRepository(Variant).findBy({ id: In(links.map((link) => link.variantId)) }) : [];
    const ours = (externalVariantId: string) => {
      const link = links.find((candidate) => candidate.externalVariantId === externalVariantId);
      return link && variants.find((variant) => variant.id === link.variantId);
    };
    const description = external.description?.trim() || null;
    const productChanged = product.name !== external.name.trim() || product.description !== description || product.status !== ProductStatus.active;
    const variantChanges = external.variants.flatMap((variant, position): { variant: ExternalVariant; current: Variant | null; wanted: VariantWanted }[] => {
      const current = ours(variant.externalId);
      const wanted = this.variantInput(connector, variant, position);
      if (!current) return [{ variant, current: null, wanted }];
      const same =
        !current.archivedAt &&
        current.sku === wanted.sku &&
        current.priceAmount === wanted.price.amount &&
        current.trackStock === wanted.trackStock &&
        (!wanted.trackStock || current.stockOnHand === wanted.stockOnHand) &&
        sameOptions(current.options, variant.options);
      return same ? [] : [{ variant, current, wanted }];
    });
    const gone = variants.filter((variant) => !variant.archivedAt && !external.variants.some((candidate) => ours(candidate.externalId)?.id === variant.id));
    if (!productChanged && variantChanges.length === 0 && gone.length === 0) return false;

    await this.catalog.change(store.storeId, async (tx) => {
      if (productChanged) {
        await this.catalog.updateProduct(store.storeId, product.id, { name: external.name, description, status: ProductStatus.active });
      }
      // Withdrawn first, so that a new variant may take the options of one the shop replaced. The product keeps a
      // variant all the same: the shop's product has at least one, added below in the same transaction.
      if (gone.length) await tx.manager.update(Variant, { id: In(gone.map((variant) => variant.id)) }, { archivedAt: new Date() });
      for (const { variant, current, wanted } of variantChanges) {
        if (!current) {
          const added = await this.catalog.addVariant(store.storeId, product.id, wanted);
          await this.link(tx.manager, store, connector, external.externalId, variant.externalId, added.id);
          continue;
        }
        // A variant the shop brought back after removing it.
        if (current.archivedAt) await tx.manager.update(Variant, { id: current.id }, { archivedAt: null });
        await this.catalog.updateVariant(store.storeId, current.id, wanted);
      }
    });
    return true;
  }

  private async link(manager: EntityManager, store: ShopStore, connector: string, externalProductId: string, externalVariantId: string, variantId: string) {
    await manager.delete(ShopVariantLink, { storeId: store.storeId, connector, externalVariantId });
    await manager.insert(ShopVariantLink, { storeId: store.storeId, connector, externalProductId, externalVariantId, variantId });
  }

  /**
   * Adds the images the product has in the shop and we don't, through the catalog's image pipeline (the same download
   * as the CSV import, private addresses refused in production), and removes those the shop removed. True when any
   * changed. A picture that can't be had is left out (its reason returned); the next import tries it again.
   */
  private async syncImages(store: ShopStore, productId: string, urls: string[]): Promise<{ changed: boolean; error?: string }> {
    const sources = await this.dataSource.getRepository(ShopImageSource).findBy({ productId });
    const wanted = [...new Set(urls)];
    let changed = false;
    for (const source of sources.filter((candidate) => !wanted.includes(candidate.url))) {
      await this.productImages.remove(store.storeId, source.imageId).catch(() => undefined);
      await this.unitOfWork.statement((manager) => manager.delete(ShopImageSource, { id: source.id }));
      changed = true;
    }
    const options = { folder: null, allowPrivateNetworks: this.config.env !== 'production', maxBytes: MAX_IMAGE_BYTES, timeoutMs: IMAGE_TIMEOUT_MS };
    const failures: string[] = [];
    for (const url of wanted.filter((candidate) => !sources.some((source) => source.url === candidate))) {
      try {
        const image = await this.productImages.upload(store.storeId, productId, await loadImage(url, options));
        await this.unitOfWork.statement((manager) => manager.insert(ShopImageSource, { storeId: store.storeId, productId, url, urlHash: urlHash(url), imageId: image.id }));
        changed = true;
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
    return { changed, error: failures[0] };
  }
}

