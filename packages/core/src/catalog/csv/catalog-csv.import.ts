import { createHash } from 'node:crypto';
import { DomainError } from '@parley/plugin-sdk';
import { type EntityManager, In, IsNull } from 'typeorm';
import type { Store } from '../../stores/store.entity';
import type {
  UpdateCategoryInput,
  UpdateModifierGroupInput,
  UpdateModifierInput,
  UpdateProductInput,
  UpdateVariantInput,
  VariantInput,
} from '../catalog.inputs';
import type { CatalogService } from '../catalog.service';
import { Category } from '../category.entity';
import { Modifier } from '../modifier.entity';
import { ModifierGroup } from '../modifier-group.entity';
import { Product, ProductStatus } from '../product.entity';
import { ProductImage } from '../product-image.entity';
import type { TranslationInput, Translations } from '../translations';
import { Variant } from '../variant.entity';
import { CatalogCsvInvalidError, CatalogCsvTooLargeError } from './catalog-csv.errors';
import { CatalogImportAction, type CatalogImportReport, type CatalogImportRow } from './catalog-csv.report';
import {
  type CatalogRow,
  type CategoryRow,
  CsvHeader,
  identify,
  type ModifierGroupRow,
  type ModifierRow,
  type ProductRow,
  readRow,
  type RowIdentity,
  type TranslationCells,
  type VariantFields,
} from './catalog-csv.rows';
import { CellError, nameKey } from './csv-cells';
import type { CsvRecord } from './csv-reader';
import { ImageSourceError } from './image-source';

/** Where images come from and go to; the service provides it. */
export interface ImportImages {
  /** The bytes of a URL or file name, or throws with a reason for the row. */
  load(source: string): Promise<Buffer>;
  /** Checks the bytes are an image the catalog accepts (type, pixels); throws a DomainError if not. */
  check(bytes: Buffer): Promise<void>;
  /** This store's own image URL (as exports write them): its content hash, recognised without a download. */
  ownHash(source: string): string | null;
  /** Whether the store has an image with this content hash. */
  known(hash: string): Promise<boolean>;
  /** The original bytes of one of the store's images, by content hash, or null if the store has none such. */
  original(hash: string): Promise<Buffer | null>;
  /** Adds the picture to the product (after the batch committed). */
  add(productId: string, bytes: Buffer): Promise<void>;
}

export interface ImportSettings {
  dryRun: boolean;
  /** Rows per transaction; a product's rows are never split between two. */
  batchRows: number;
}

interface Refusal {
  row: number;
  column: string | null;
  code: string;
  reason: string;
}

/** Refuses a unit's rows; thrown inside its savepoint, it also rolls back what the unit wrote. */
class UnitRefused extends Error {
  afterWrites = false;

  constructor(readonly refusal: Refusal) {
    super(refusal.reason);
  }
}

/** One catalog call a unit needs, run in the unit's savepoint. */
type Write = () => Promise<void>;

/** What a batch's rows are compared with: read once per batch, kept up to date by the batch's own writes. */
interface BatchState {
  variants: Map<string, Variant>;
  products: Map<string, Product>;
  imageHashes(productId: string): Set<string>;
  categories: Category[];
  groups: ModifierGroup[];
  modifiers: Modifier[];
}

/** Thrown at the end of a batch that must leave nothing behind: a dry run, or a batch where nothing changed. */
class Rollback extends Error {}

interface ImageToAdd {
  source: string;
  hash: string;
  /** Null for the store's own images, whose original is read from storage only when needed. */
  bytes: Buffer | null;
}

interface UnitRow {
  row: number;
  identity: RowIdentity;
  data: CatalogRow | null;
}

interface RowOutcome {
  action: CatalogImportAction;
  changes: string[];
  name?: string;
}

/**
 * What is applied together: a product's rows (one after another in the file, same product_key or name), or one
 * modifier group, modifier or category row. A unit is applied whole or refused whole.
 */
interface Unit {
  key: string | null;
  rows: UnitRow[];
  refusal: Refusal | null;
  outcomes: Map<number, RowOutcome>;
  images: ImageToAdd[];
  upload: { productId: string; images: ImageToAdd[] } | null;
  productId: string | null;
  /** For a dry run: names this unit created, re-created at the start of later batches (see replay). */
  created: { kind: 'category' | 'group'; name: string; min?: number; max?: number }[];
  /** A problem after the batch committed (an image that could not be added). */
  note: Refusal | null;
}

const TYPE_NAME_COLUMN = { product: 'product', modifier_group: 'group', modifier: 'modifier', category: 'category' } as const;

/**
 * One run of a catalog CSV import. Rows stream in; units gather into batches of about `batchRows` rows; each batch
 * is one CatalogService.change transaction in which every unit runs in a savepoint through the catalog's own
 * methods (createProduct, updateVariant, ...), so a refused unit is rolled back alone and the rules are the same as
 * for single API calls. A dry run does all of it and rolls each batch back.
 */
export class CatalogImport {
  private header: CsvHeader | null = null;
  private current: Unit | null = null;
  private batch: Unit[] = [];
  private batchSize = 0;
  private readonly results: CatalogImportRow[] = [];
  private batches = 0;
  private error: string | null = null;

  // What the file has named so far, to refuse repeats: memory grows with the number of rows, never with their text.
  private readonly skus = new Map<string, number>();
  private readonly productKeys = new Map<string, number>();
  private readonly definitions = new Map<string, number>();
  /** Existing products already imported from this file, to refuse the same product under two names. */
  private readonly touched = new Map<string, { key: string | null; row: number }>();
  /** Dry run: categories and groups earlier batches would have created (their batches were rolled back). */
  private readonly replay: Unit['created'] = [];

  constructor(
    private readonly catalog: CatalogService,
    private readonly store: Store,
    private readonly images: ImportImages,
    private readonly settings: ImportSettings,
  ) {}

  async run(records: AsyncIterable<CsvRecord>): Promise<CatalogImportReport> {
    try {
      for await (const { row, cells } of records) {
        if (!this.header) {
          this.header = new CsvHeader(cells);
          continue;
        }
        if (cells.every((cell) => cell.trim() === '')) continue;
        await this.accept(this.header, row, cells);
      }
      if (!this.header) throw new CatalogCsvInvalidError(1, 'the file is empty: the first row names the columns');
      await this.closeUnit();
      await this.flush();
    } catch (error) {
      const stopped = error instanceof CatalogCsvInvalidError || error instanceof CatalogCsvTooLargeError;
      // Nothing read yet: the file is refused as a whole. Later, what was applied must be reported.
      if (!stopped || !this.header) throw error;
      this.error = error.message;
      const row = (error.details?.row as number | undefined) ?? 0;
      for (const unit of [...this.batch, ...(this.current ? [this.current] : [])]) {
        unit.refusal = { row: -1, column: null, code: 'IMPORT_STOPPED', reason: `Not applied: reading the file stopped at row ${row}` };
        this.report(unit);
      }
    }
    return this.summary();
  }

  // ---- reading -----------------------------------------------------------------------------------------------

  private async accept(header: CsvHeader, row: number, cells: string[]): Promise<void> {
    const identity = identify(header, cells);
    let data: CatalogRow | null = null;
    let refusal: Refusal | null = null;
    try {
      data = readRow(header, cells, row, this.store.currency);
    } catch (error) {
      if (!(error instanceof CellError)) throw error;
      refusal = { row, column: error.column || null, code: 'INVALID_CSV_VALUE', reason: error.message };
    }
    refusal ??= data ? this.repeated(data, identity) : null;
    const unitRow: UnitRow = { row, identity, data };

    if (identity.type !== 'product') {
      await this.closeUnit();
      return this.push(this.unit(null, unitRow, refusal));
    }
    const key = this.productKey(header, cells);
    if (key !== null && this.current?.key === key) {
      this.current.rows.push(unitRow);
      this.current.refusal ??= refusal ?? this.disagreement(this.current, header, cells, row);
      return;
    }
    await this.closeUnit();
    const earlier = key === null ? undefined : this.productKeys.get(key);
    if (earlier !== undefined) {
      const column = header.cell(cells, 'product_key') ? 'product_key' : 'product';
      refusal ??= {
        row,
        column,
        code: 'DUPLICATE_CSV_ROW',
        reason: `The rows of one product go together: this product's rows started at row ${earlier}, with other rows in between`,
      };
      return this.push(this.unit(null, unitRow, refusal));
    }
    if (key !== null) this.productKeys.set(key, row);
    this.current = this.unit(key, unitRow, refusal);
  }

  /** Rows with the same key, one after another, are one product: product_key when given, else the product's name. */
  private productKey(header: CsvHeader, cells: string[]): string | null {
    const key = header.cell(cells, 'product_key');
    if (key) return `key:${key}`;
    const name = header.cell(cells, 'product');
    return name ? `name:${nameKey(name)}` : null;
  }

  /** The same SKU, group, modifier or category twice in one file: the second can only be a mistake. */
  private repeated(data: CatalogRow, identity: RowIdentity): Refusal | null {
    const [map, key, column, what] =
      data.type === 'product'
        ? [this.skus, data.variant.sku, 'sku', `The SKU ${data.variant.sku}`]
        : data.type === 'modifier'
          ? [this.definitions, `modifier:${nameKey(data.group)}/${nameKey(data.name)}`, 'modifier', `The modifier ${identity.name}`]
          : [this.definitions, `${data.type}:${nameKey(data.name)}`, TYPE_NAME_COLUMN[data.type], `${identity.name}`];
    const first = map.get(key);
    if (first === undefined) {
      map.set(key, data.row);
      return null;
    }
    return { row: data.row, column, code: 'DUPLICATE_CSV_ROW', reason: `${what} is already in row ${first}` };
  }

  /** A product's own columns come from its first row; a later row may leave them empty, not contradict them. */
  private disagreement(unit: Unit, header: CsvHeader, cells: string[], row: number): Refusal | null {
    const first = unit.rows[0].data;
    if (!first || first.type !== 'product') return null;
    for (const [column, value] of first.productCells) {
      const cell = header.cell(cells, column) ?? '';
      if (cell !== '' && cell !== value && !(column === 'product' && nameKey(cell) === nameKey(value))) {
        return {
          row,
          column,
          code: 'INVALID_CSV_VALUE',
          reason: `${column} differs from this product's first row (row ${unit.rows[0].row}): leave it empty on the product's other rows`,
        };
      }
    }
    return null;
  }

  private unit(key: string | null, row: UnitRow, refusal: Refusal | null): Unit {
    return { key, rows: [row], refusal, outcomes: new Map(), images: [], upload: null, productId: null, created: [], note: null };
  }

  private async closeUnit(): Promise<void> {
    const unit = this.current;
    this.current = null;
    if (unit) await this.push(unit);
  }

  private async push(unit: Unit): Promise<void> {
    this.batch.push(unit);
    this.batchSize += unit.rows.length;
    if (this.batchSize >= this.settings.batchRows) await this.flush();
  }

  // ---- applying ----------------------------------------------------------------------------------------------

  private async flush(): Promise<void> {
    const units = this.batch;
    this.batch = [];
    this.batchSize = 0;
    // Images are fetched before the transaction: a slow server must not hold database locks.
    for (const unit of units) if (!unit.refusal) await this.prepareImages(unit);
    const live = units.filter((unit) => !unit.refusal);
    if (live.length > 0) {
      let changed = false;
      try {
        await this.catalog.change(this.store.id, async (tx) => {
          if (this.settings.dryRun) await this.replayDryRun();
          let state = await this.loadState(tx.manager, live);
          for (const unit of live) {
            try {
              await this.apply(unit, tx.manager, state);
            } catch (error) {
              if (!(error instanceof UnitRefused)) throw error;
              Object.assign(unit, { refusal: error.refusal, outcomes: new Map(), upload: null, created: [], productId: null });
              // Its writes were rolled back; what this batch had read may have moved with them.
              if (error.afterWrites) state = await this.loadState(tx.manager, live);
            }
          }
          changed = live.some((unit) => !unit.refusal && [...unit.outcomes.values()].some((o) => o.action !== CatalogImportAction.unchanged));
          // Unchanged batches roll back too: a second import of the same file leaves even the catalog version alone.
          if (this.settings.dryRun || !changed) throw new Rollback();
        });
      } catch (error) {
        if (!(error instanceof Rollback)) throw error;
      }
      if (changed) this.batches++;
      for (const unit of live) {
        if (unit.refusal) continue;
        if (unit.productId) this.touched.set(unit.productId, { key: unit.key, row: unit.rows[0].row });
        if (this.settings.dryRun) this.replay.push(...unit.created);
        else if (unit.upload) await this.addImages(unit, unit.upload);
      }
    }
    for (const unit of units) this.report(unit);
  }

  private async replayDryRun(): Promise<void> {
    for (const item of this.replay) {
      if (item.kind === 'category') await this.catalog.createCategory(this.store.id, { name: item.name });
      else await this.catalog.createModifierGroup(this.store.id, { name: item.name, minSelect: item.min ?? 0, maxSelect: item.max ?? 1 });
    }
  }

  /** What the batch's rows are compared with, read in a few queries rather than a few per row. */
  private async loadState(manager: EntityManager, units: Unit[]): Promise<BatchState> {
    const storeId = this.store.id;
    const rows = units.flatMap((unit) => unit.rows.map((row) => row.data!));
    const skus = rows.flatMap((row) => (row.type === 'product' ? [row.variant.sku] : []));
    const variants = skus.length > 0 ? await manager.find(Variant, { where: { storeId, sku: In(skus) } }) : [];
    const productIds = [...new Set(variants.map((variant) => variant.productId))];
    const products =
      productIds.length > 0 ? await manager.find(Product, { where: { id: In(productIds), storeId }, relations: { categories: true, modifierGroups: true } }) : [];
    const withImages = units.filter((unit) => unit.images.length > 0).length > 0 && productIds.length > 0;
    const images = withImages
      ? await manager.find(ProductImage, { where: { productId: In(productIds) }, select: { id: true, productId: true, contentHash: true } })
      : [];
    const live = { storeId, archivedAt: IsNull() };
    return {
      variants: new Map(variants.map((variant) => [variant.sku, variant])),
      products: new Map(products.map((product) => [product.id, product])),
      imageHashes: (productId) => new Set(images.filter((image) => image.productId === productId).map((image) => image.contentHash)),
      categories: await manager.find(Category, { where: live }),
      groups: await manager.find(ModifierGroup, { where: live }),
      modifiers: rows.some((row) => row.type === 'modifier') ? await manager.find(Modifier, { where: live }) : [],
    };
  }

  /**
   * Compares the unit with the state and lists the catalog calls that make them agree, then makes them in a
   * savepoint. Units run one after another, so each is compared with what the ones before it wrote. Only a unit
   * with something to write gets a savepoint: an unchanged row costs no query at all.
   */
  private async apply(unit: Unit, manager: EntityManager, state: BatchState): Promise<void> {
    const writes: Write[] = [];
    const data = unit.rows[0].data!;
    if (data.type === 'product') await this.planProduct(unit, manager, state, writes);
    else if (data.type === 'modifier_group') this.planGroup(unit, data, state, writes);
    else if (data.type === 'modifier') this.planModifier(unit, data, state, writes);
    else this.planCategory(unit, data, state, writes);
    if (writes.length === 0) return;
    try {
      await manager.transaction(async () => {
        for (const write of writes) await write();
      });
    } catch (error) {
      if (error instanceof UnitRefused) error.afterWrites = true;
      throw error;
    }
  }

  private async planProduct(unit: Unit, manager: EntityManager, state: BatchState, writes: Write[]): Promise<void> {
    const storeId = this.store.id;
    const rows = unit.rows.map((row) => row.data as ProductRow);
    const first = rows[0];
    const fields = first.product;
    for (const row of rows) {
      if (state.variants.get(row.variant.sku)?.archivedAt) {
        refuse(row.row, 'sku', 'SKU_ARCHIVED', `The SKU ${row.variant.sku} belongs to an archived variant, which the import does not bring back`);
      }
    }
    const known = rows.filter((row) => state.variants.has(row.variant.sku));
    const owner = known[0] && state.variants.get(known[0].variant.sku)!.productId;
    const stranger = known.find((row) => state.variants.get(row.variant.sku)!.productId !== owner);
    if (stranger) {
      refuse(
        stranger.row,
        'sku',
        'PRODUCT_MISMATCH',
        `The SKU ${stranger.variant.sku} belongs to another product than ${known[0].variant.sku} (row ${known[0].row}): the import doesn't move variants between products`,
      );
    }
    const earlier = owner ? this.touched.get(owner) : undefined;
    if (earlier && unit.key !== null && earlier.key !== null && earlier.key !== unit.key) {
      refuse(first.row, 'product', 'PRODUCT_MISMATCH', `These SKUs' product was already imported at row ${earlier.row}, under another name or product_key`);
    }
    for (const row of rows) {
      if (!state.variants.has(row.variant.sku) && row.variant.price === undefined) {
        refuse(row.row, 'price', 'INVALID_CSV_VALUE', `The SKU ${row.variant.sku} is new: it needs a price`);
      }
    }
    const categories = fields.categories === undefined ? undefined : this.resolveCategories(fields.categories, first.row, state);
    const groupIds = fields.modifierGroups === undefined ? undefined : this.resolveGroups(fields.modifierGroups, first.row, state);
    if (!owner) return this.planNewProduct(unit, rows, categories, groupIds, state, writes);

    let product = state.products.get(owner);
    if (!product) {
      // Written by an earlier unit of this batch (a file without product names has a unit per row).
      product = (await manager.findOne(Product, { where: { id: owner, storeId }, relations: { categories: true, modifierGroups: true } }))!;
      state.products.set(owner, product);
    }
    const productId = product.id;
    unit.productId = productId;
    const patch: UpdateProductInput = {};
    const changes: string[] = [];
    if (fields.name !== undefined && fields.name !== product.name) {
      patch.name = fields.name;
      changes.push('product');
    }
    if (fields.description !== undefined && fields.description !== (product.description ?? null)) {
      patch.description = fields.description;
      changes.push('description');
    }
    patch.translations = this.translationPatch(product.translations, fields.translations, changes);
    if (fields.tags !== undefined) {
      const tags = normalizedTags(fields.tags);
      if (tags.join('\n') !== product.tags.join('\n')) {
        patch.tags = tags;
        changes.push('tags');
      }
    }
    if (categories) {
      const linked = product.categories ?? [];
      const archived = linked.filter((category) => category.archivedAt).map((category) => category.id);
      const current = linked.filter((category) => !category.archivedAt).map((category) => category.id);
      if (categories.missing.length > 0 || !sameSet(categories.ids, current)) {
        changes.push('category');
        writes.push(async () => {
          // Links to archived sections stay: the file can't name them (exports leave them out).
          patch.categoryIds = [...categories.ids, ...(await this.createCategories(unit, categories.missing, first.row, state)), ...archived];
        });
      }
    }
    if (groupIds) {
      const linked = product.modifierGroups ?? [];
      if (!sameSet(groupIds, linked.filter((group) => !group.archivedAt).map((group) => group.id))) {
        patch.modifierGroupIds = [...groupIds, ...linked.filter((group) => group.archivedAt).map((group) => group.id)];
        changes.push('modifier_groups');
      }
    }
    if (fields.status !== undefined && fields.status !== product.status) {
      patch.status = fields.status;
      changes.push('status');
    }
    if (changes.length > 0) {
      writes.push(async () => {
        await this.at(first.row, null, () => this.catalog.updateProduct(storeId, productId, patch));
        state.products.delete(productId);
      });
    }
    const fresh = unit.images.filter((image) => !state.imageHashes(productId).has(image.hash));
    if (fresh.length > 0) {
      unit.upload = { productId, images: fresh };
      changes.push('image');
    }

    for (const row of rows) {
      const variant = state.variants.get(row.variant.sku);
      if (!variant) {
        writes.push(() => this.at(row.row, null, () => this.catalog.addVariant(storeId, productId, variantInput(row.variant))).then(() => undefined));
        unit.outcomes.set(row.row, { action: CatalogImportAction.created, changes: row === first ? changes : [], name: patch.name ?? product.name });
        continue;
      }
      const { patch: variantPatch, changes: variantChanges } = this.variantPatch(variant, row.variant);
      if (variantChanges.length > 0) {
        writes.push(() => this.at(row.row, null, () => this.catalog.updateVariant(storeId, variant.id, variantPatch)).then(() => undefined));
      }
      const rowChanges = row === first ? [...changes, ...variantChanges] : variantChanges;
      unit.outcomes.set(row.row, {
        action: rowChanges.length > 0 ? CatalogImportAction.updated : CatalogImportAction.unchanged,
        changes: rowChanges,
        name: patch.name ?? product.name,
      });
    }
  }

  private planNewProduct(
    unit: Unit,
    rows: ProductRow[],
    categories: { ids: string[]; missing: string[] } | undefined,
    modifierGroupIds: string[] | undefined,
    state: BatchState,
    writes: Write[],
  ): void {
    const storeId = this.store.id;
    const first = rows[0];
    const fields = first.product;
    if (fields.name === undefined) {
      refuse(first.row, this.header!.has('product') ? 'product' : 'sku', 'NOT_FOUND', `The SKU ${first.variant.sku} is not in the store: to create it, give its product name`);
    }
    writes.push(async () => {
      const categoryIds = categories ? [...categories.ids, ...(await this.createCategories(unit, categories.missing, first.row, state))] : [];
      const product = await this.at(first.row, null, () =>
        this.catalog.createProduct(storeId, {
          name: fields.name!,
          description: fields.description ?? null,
          translations: translationInputs(mergeTranslations({}, fields.translations)),
          tags: fields.tags ?? [],
          categoryIds,
          modifierGroupIds,
          variants: [variantInput(first.variant)],
        }),
      );
      if (fields.status === ProductStatus.archived) {
        await this.at(first.row, 'status', () => this.catalog.updateProduct(storeId, product.id, { status: ProductStatus.archived }));
      }
      for (const row of rows.slice(1)) {
        await this.at(row.row, null, () => this.catalog.addVariant(storeId, product.id, variantInput(row.variant)));
      }
      unit.productId = product.id;
      if (unit.images.length > 0) unit.upload = { productId: product.id, images: unit.images };
    });
    for (const row of rows) unit.outcomes.set(row.row, { action: CatalogImportAction.created, changes: [] });
  }

  private variantPatch(variant: Variant, fields: VariantFields): { patch: UpdateVariantInput; changes: string[] } {
    const patch: UpdateVariantInput = {};
    const changes: string[] = [];
    if (fields.options !== undefined) {
      const wanted = Object.fromEntries(fields.options.map((option) => [option.name, option.value]));
      if (JSON.stringify(sortedEntries(wanted)) !== JSON.stringify(sortedEntries(variant.options))) {
        patch.options = fields.options;
        changes.push('options');
      }
    }
    // Another currency than the store's is passed on as it is, for the catalog to refuse with CURRENCY_MISMATCH.
    const foreign = fields.currency !== this.store.currency;
    if (fields.price !== undefined && (fields.price !== variant.priceAmount || foreign)) {
      patch.price = { amount: fields.price, currency: fields.currency };
      changes.push('price');
    }
    if (fields.compareAt === null && variant.compareAtAmount !== null) {
      patch.clearCompareAtPrice = true;
      changes.push('compare_at_price');
    } else if (fields.compareAt != null && (fields.compareAt !== variant.compareAtAmount || foreign)) {
      patch.compareAtPrice = { amount: fields.compareAt, currency: fields.currency };
      changes.push('compare_at_price');
    }
    if (fields.stock === null && variant.trackStock) {
      patch.trackStock = false;
      changes.push('stock');
    } else if (fields.stock != null && (!variant.trackStock || fields.stock !== variant.stockOnHand)) {
      patch.trackStock = true;
      patch.stockOnHand = fields.stock;
      changes.push('stock');
    }
    if (fields.soldOut !== undefined && fields.soldOut !== variant.soldOut) {
      patch.soldOut = fields.soldOut;
      changes.push('sold_out');
    }
    return { patch, changes };
  }

  private planGroup(unit: Unit, row: ModifierGroupRow, state: BatchState, writes: Write[]): void {
    const storeId = this.store.id;
    const group = single(state.groups, row.name, row.row, 'group', 'modifier groups');
    if (!group) {
      writes.push(async () => {
        const created = await this.at(row.row, null, () =>
          this.catalog.createModifierGroup(storeId, {
            name: row.name,
            translations: translationInputs(mergeTranslations({}, row.translations)),
            minSelect: row.min ?? 0,
            maxSelect: row.max ?? 1,
          }),
        );
        state.groups.push(created);
        unit.created.push({ kind: 'group', name: row.name, min: row.min, max: row.max });
      });
      unit.outcomes.set(row.row, { action: CatalogImportAction.created, changes: [] });
      return;
    }
    const patch: UpdateModifierGroupInput = {};
    const changes: string[] = [];
    if (row.name !== group.name) {
      patch.name = row.name;
      changes.push('group');
    }
    if (row.min !== undefined && row.min !== group.minSelect) {
      patch.minSelect = row.min;
      changes.push('min');
    }
    if (row.max !== undefined && row.max !== group.maxSelect) {
      patch.maxSelect = row.max;
      changes.push('max');
    }
    patch.translations = this.translationPatch(group.translations, row.translations, changes);
    if (changes.length > 0) writes.push(() => this.at(row.row, null, () => this.catalog.updateModifierGroup(storeId, group.id, patch)).then(() => undefined));
    unit.outcomes.set(row.row, { action: changes.length > 0 ? CatalogImportAction.updated : CatalogImportAction.unchanged, changes });
  }

  private planModifier(unit: Unit, row: ModifierRow, state: BatchState, writes: Write[]): void {
    const storeId = this.store.id;
    const group = single(state.groups, row.group, row.row, 'group', 'modifier groups');
    if (!group) refuse(row.row, 'group', 'NOT_FOUND', `The modifier group "${row.group}" is not in the store: define it in a modifier_group row above`);
    const siblings = state.modifiers.filter((candidate) => candidate.groupId === group.id);
    const modifier = single(siblings, row.name, row.row, 'modifier', `modifiers of ${group.name}`);
    const priceDelta = row.priceDelta === undefined ? undefined : { amount: row.priceDelta, currency: row.currency };
    if (!modifier) {
      writes.push(async () => {
        const created = await this.at(row.row, null, () =>
          this.catalog.addModifier(storeId, group.id, {
            name: row.name,
            translations: translationInputs(mergeTranslations({}, row.translations)),
            priceDelta,
            available: !(row.soldOut ?? false),
          }),
        );
        state.modifiers.push(created);
      });
      unit.outcomes.set(row.row, { action: CatalogImportAction.created, changes: [] });
      return;
    }
    const patch: UpdateModifierInput = {};
    const changes: string[] = [];
    if (row.name !== modifier.name) {
      patch.name = row.name;
      changes.push('modifier');
    }
    if (priceDelta && (priceDelta.amount !== modifier.priceDeltaAmount || row.currency !== this.store.currency)) {
      patch.priceDelta = priceDelta;
      changes.push('price');
    }
    if (row.soldOut !== undefined && row.soldOut === modifier.available) {
      patch.available = !row.soldOut;
      changes.push('sold_out');
    }
    patch.translations = this.translationPatch(modifier.translations, row.translations, changes);
    if (changes.length > 0) writes.push(() => this.at(row.row, null, () => this.catalog.updateModifier(storeId, modifier.id, patch)).then(() => undefined));
    unit.outcomes.set(row.row, { action: changes.length > 0 ? CatalogImportAction.updated : CatalogImportAction.unchanged, changes });
  }

  private planCategory(unit: Unit, row: CategoryRow, state: BatchState, writes: Write[]): void {
    const storeId = this.store.id;
    const category = single(state.categories, row.name, row.row, 'category', 'categories');
    if (!category) {
      writes.push(async () => {
        const created = await this.at(row.row, null, () =>
          this.catalog.createCategory(storeId, {
            name: row.name,
            translations: translationInputs(mergeTranslations({}, row.translations)),
            availability: row.availability,
          }),
        );
        state.categories.push(created);
        unit.created.push({ kind: 'category', name: row.name });
      });
      unit.outcomes.set(row.row, { action: CatalogImportAction.created, changes: [] });
      return;
    }
    const patch: UpdateCategoryInput = {};
    const changes: string[] = [];
    if (row.name !== category.name) {
      patch.name = row.name;
      changes.push('category');
    }
    if (row.availability !== undefined && windowsText(row.availability) !== windowsText(category.availability)) {
      patch.availability = row.availability;
      changes.push('availability');
    }
    patch.translations = this.translationPatch(category.translations, row.translations, changes);
    if (changes.length > 0) writes.push(() => this.at(row.row, null, () => this.catalog.updateCategory(storeId, category.id, patch)).then(() => undefined));
    unit.outcomes.set(row.row, { action: changes.length > 0 ? CatalogImportAction.updated : CatalogImportAction.unchanged, changes });
  }

  /** The translations to save when the file's cells change any (their columns added to `changes`), else undefined. */
  private translationPatch(stored: Translations, cells: TranslationCells, changes: string[]): TranslationInput[] | undefined {
    const merged = mergeTranslations(stored, cells);
    const changed = changedTranslations(stored, merged);
    changes.push(...changed);
    return changed.length > 0 ? translationInputs(merged) : undefined;
  }

  /** The named sections: ids of those the store has, and the names it doesn't have yet (created when written). */
  private resolveCategories(names: string[], row: number, state: BatchState): { ids: string[]; missing: string[] } {
    const ids: string[] = [];
    const missing: string[] = [];
    for (const name of names) {
      const found = single(state.categories, name, row, 'category', 'categories');
      if (found) ids.push(found.id);
      else missing.push(name);
    }
    return { ids, missing };
  }

  /** New sections at the end of the menu, for names the store doesn't have. */
  private async createCategories(unit: Unit, names: string[], row: number, state: BatchState): Promise<string[]> {
    const ids: string[] = [];
    for (const name of names) {
      const created = await this.at(row, 'category', () => this.catalog.createCategory(this.store.id, { name }));
      state.categories.push(created);
      unit.created.push({ kind: 'category', name });
      ids.push(created.id);
    }
    return ids;
  }

  private resolveGroups(names: string[], row: number, state: BatchState): string[] {
    return names.map((name) => {
      const found = single(state.groups, name, row, 'modifier_groups', 'modifier groups');
      if (!found) refuse(row, 'modifier_groups', 'NOT_FOUND', `The modifier group "${name}" is not in the store: define it in a modifier_group row above`);
      return found.id;
    });
  }

  /** Runs a catalog call for a row; a refusal by the catalog's rules becomes the row's refusal. */
  private async at<T>(row: number, column: string | null, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      throw new UnitRefused({ row, column: columnOf(error) ?? column, code: error.code, reason: error.message });
    }
  }

  // ---- images ------------------------------------------------------------------------------------------------

  /** Loads and checks a product's images, so that a bad one refuses the product before anything is written. */
  private async prepareImages(unit: Unit): Promise<void> {
    const data = unit.rows[0].data;
    if (data?.type !== 'product' || !data.product.images?.length) return;
    for (const source of data.product.images) {
      try {
        const own = this.images.ownHash(source);
        if (own) {
          if (!(await this.images.known(own))) throw new ImageSourceError(`${source}: this store no longer has that image`);
          unit.images.push({ source, hash: own, bytes: null });
          continue;
        }
        const bytes = await this.images.load(source);
        await this.images.check(bytes);
        const hash = createHash('sha256').update(bytes).digest('hex');
        if (!unit.images.some((image) => image.hash === hash)) unit.images.push({ source, hash, bytes });
      } catch (error) {
        const domain = error instanceof DomainError;
        if (!domain && !(error instanceof ImageSourceError)) throw error;
        unit.refusal = {
          row: unit.rows[0].row,
          column: 'image',
          code: domain ? error.code : 'IMAGE_UNAVAILABLE',
          reason: domain ? `${source}: ${error.message}` : error.message,
        };
        unit.images = [];
        return;
      }
    }
  }

  private async addImages(unit: Unit, upload: { productId: string; images: ImageToAdd[] }): Promise<void> {
    for (const image of upload.images) {
      try {
        const bytes = image.bytes ?? (await this.images.original(image.hash));
        if (!bytes) throw new ImageSourceError('the image is no longer stored');
        await this.images.add(upload.productId, bytes);
      } catch (error) {
        if (!(error instanceof DomainError) && !(error instanceof ImageSourceError)) throw error;
        unit.note = { row: unit.rows[0].row, column: 'image', code: 'IMAGE_UNAVAILABLE', reason: `The row was applied but ${image.source} could not be added: ${error.message}` };
      }
    }
  }

  // ---- the report --------------------------------------------------------------------------------------------

  private report(unit: Unit): void {
    const culprit = unit.refusal?.row;
    for (const { row, identity } of unit.rows) {
      const base = { row, type: identity.type, sku: identity.sku, name: identity.name, changes: [] as string[], column: null, code: null, reason: null };
      if (unit.refusal) {
        const own = row === culprit || culprit === -1;
        this.results.push({
          ...base,
          action: CatalogImportAction.refused,
          column: own ? unit.refusal.column : null,
          code: own ? unit.refusal.code : 'PRODUCT_REFUSED',
          reason: own ? unit.refusal.reason : `Not applied: row ${culprit} of the same product was refused`,
        });
        continue;
      }
      const outcome = unit.outcomes.get(row)!;
      const note = unit.note && unit.note.row === row ? unit.note : null;
      this.results.push({
        ...base,
        name: base.name ?? outcome.name ?? null,
        action: outcome.action,
        changes: outcome.changes,
        column: note?.column ?? null,
        code: note?.code ?? null,
        reason: note?.reason ?? null,
      });
    }
  }

  private summary(): CatalogImportReport {
    const rows = this.results.sort((a, b) => a.row - b.row);
    const count = (action: CatalogImportAction) => rows.filter((row) => row.action === action).length;
    return {
      dryRun: this.settings.dryRun,
      created: count(CatalogImportAction.created),
      updated: count(CatalogImportAction.updated),
      unchanged: count(CatalogImportAction.unchanged),
      refused: count(CatalogImportAction.refused),
      batches: this.batches,
      ignoredColumns: this.header?.ignored ?? [],
      error: this.error,
      rows,
    };
  }
}

function refuse(row: number, column: string | null, code: string, reason: string): never {
  throw new UnitRefused({ row, column, code, reason });
}

/** The one live item of that name (case and spacing aside); two of them can't be told apart by a file. */
function single<T extends { name: string }>(items: T[], name: string, row: number, column: string, what: string): T | undefined {
  const matches = items.filter((item) => nameKey(item.name) === nameKey(name));
  if (matches.length > 1) refuse(row, column, 'AMBIGUOUS_NAME', `The store has ${matches.length} ${what} named "${name}": rename all but one`);
  return matches[0];
}

/** The column a catalog error is about, from its code (or, for plain input errors, from what its message names). */
function columnOf(error: DomainError): string | null {
  switch (error.code) {
    case 'DUPLICATE_SKU':
      return 'sku';
    case 'NEGATIVE_PRICE':
      return error.details?.field === 'compareAtPrice' ? 'compare_at_price' : 'price';
    case 'CURRENCY_MISMATCH':
      return 'currency';
    case 'NEGATIVE_STOCK':
      return 'stock';
    case 'DUPLICATE_VARIANT_OPTIONS':
      return 'options';
    case 'INVALID_MODIFIER_RANGE':
      return 'max';
    case 'INVALID_AVAILABILITY_WINDOW':
      return 'availability';
  }
  const named: [RegExp, string][] = [
    [/^A SKU/, 'sku'],
    [/^An option/, 'options'],
    [/^A product name/, 'product'],
    [/^A category name/, 'category'],
    [/^A modifier group name/, 'group'],
    [/^A modifier name/, 'modifier'],
  ];
  return named.find(([pattern]) => pattern.test(error.message))?.[1] ?? null;
}

function variantInput(fields: VariantFields): VariantInput {
  return {
    sku: fields.sku,
    options: fields.options ?? [],
    price: { amount: fields.price!, currency: fields.currency },
    compareAtPrice: fields.compareAt != null ? { amount: fields.compareAt, currency: fields.currency } : null,
    trackStock: fields.stock != null,
    stockOnHand: fields.stock ?? null,
    soldOut: fields.soldOut ?? false,
  };
}

/** Tags as CatalogService keeps them (trimmed, lowercase, once each), so an unchanged file compares equal. */
function normalizedTags(tags: string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean))];
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}

function sortedEntries(record: Record<string, string>): [string, string][] {
  return Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
}

function windowsText(windows: { days?: number[] | null; from: string; to: string }[] | null | undefined): string {
  return JSON.stringify((windows ?? []).map((window) => [[...new Set(window.days ?? [])].sort(), window.from, window.to]));
}

/** The stored translations with the file's cells laid over them: a cell sets or (empty) clears, a missing column keeps. */
export function mergeTranslations(existing: Translations, cells: TranslationCells): Translations {
  const result: Translations = {};
  for (const [language, text] of Object.entries(existing)) result[language] = { ...text };
  for (const [language, text] of Object.entries(cells)) {
    const entry = { ...(result[language] ?? {}) };
    for (const field of ['name', 'description'] as const) {
      if (!(field in text)) continue;
      const value = text[field];
      if (value) entry[field] = value;
      else delete entry[field];
    }
    if (entry.name || entry.description) result[language] = entry;
    else delete result[language];
  }
  return result;
}

function changedTranslations(before: Translations, after: Translations): string[] {
  const languages = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return languages.flatMap((language) =>
    (['name', 'description'] as const)
      .filter((field) => (before[language]?.[field] ?? null) !== (after[language]?.[field] ?? null))
      .map((field) => `${field}_${language}`),
  );
}

function translationInputs(translations: Translations): TranslationInput[] {
  return Object.entries(translations).map(([language, text]) => ({ language, name: text.name ?? null, description: text.description ?? null }));
}
