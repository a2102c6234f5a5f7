import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { BadUserInputError, NotFoundError } from '@parley/plugin-sdk';
import { DataSource, type EntityManager, In, IsNull } from 'typeorm';
import { isId } from '../database/ids';
import { isUniqueViolation } from '../database/unique-violation';
import { type Transaction, UnitOfWork } from '../database/unit-of-work';
import type { MoneyInput } from '../graphql/money.type';
import { type Connection, type PageArgs, paginate } from '../graphql/pagination';
import { Store } from '../stores/store.entity';
import { toWindows } from './availability';
import type {
  BulkVariantUpdateInput,
  CategoryInput,
  ModifierGroupInput,
  ModifierInput,
  OptionValueInput,
  ProductInput,
  UpdateCategoryInput,
  UpdateModifierGroupInput,
  UpdateModifierInput,
  UpdateProductInput,
  UpdateVariantInput,
  VariantInput,
} from './catalog.inputs';
import {
  CurrencyMismatchError,
  DuplicateSkuError,
  DuplicateVariantOptionsError,
  InvalidModifierRangeError,
  LastVariantError,
  NegativePriceError,
  NegativeStockError,
} from './catalog.errors';
import { Category } from './category.entity';
import { Modifier } from './modifier.entity';
import { ModifierGroup } from './modifier-group.entity';
import { Product, ProductStatus } from './product.entity';
import { toTranslations } from './translations';
import { Variant } from './variant.entity';

function requiredText(value: string | undefined | null, field: string, max = 200): string {
  const text = value?.trim() ?? '';
  if (!text) throw new BadUserInputError(`${field} can't be empty`);
  if (text.length > max) throw new BadUserInputError(`${field} is at most ${max} characters`);
  return text;
}

function toOptions(input: OptionValueInput[] | null | undefined): Record<string, string> {
  const options: Record<string, string> = {};
  for (const option of input ?? []) {
    options[requiredText(option.name, 'An option name', 50).toLowerCase()] = requiredText(option.value, 'An option value', 100);
  }
  return options;
}

function optionsKey(options: Record<string, string>): string {
  return Object.keys(options)
    .sort()
    .map((key) => `${key}: ${options[key].toLowerCase()}`)
    .join(', ');
}

export interface ProductFilter {
  status?: ProductStatus | null;
  categoryId?: string | null;
}

/**
 * Every change to a store's catalog. Each method is one transaction that validates everything first, bumps the
 * store's catalog version (so menu and search caches everywhere notice) and publishes `catalog.changed` after commit.
 */
@Injectable()
export class CatalogService {
  private readonly running = new AsyncLocalStorage<{ tx: Transaction; storeId: string; loadStore: () => Promise<Store>; open: boolean }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  // ---- reads -------------------------------------------------------------------------------------------------

  categories(storeId: string, includeArchived = false): Promise<Category[]> {
    return this.dataSource.getRepository(Category).find({
      where: { storeId, ...(includeArchived ? {} : { archivedAt: IsNull() }) },
      order: { position: 'ASC', name: 'ASC' },
    });
  }

  async product(storeId: string, id: string): Promise<Product> {
    const product = isId(id) ? await this.dataSource.getRepository(Product).findOneBy({ id, storeId }) : null;
    if (!product) throw new NotFoundError('Product', id);
    return product;
  }

  products(storeId: string, filter: ProductFilter, page: PageArgs): Promise<Connection<Product>> {
    const query = this.dataSource.getRepository(Product).createQueryBuilder('product').where('product.storeId = :storeId', { storeId });
    if (filter.status) query.andWhere('product.status = :status', { status: filter.status });
    if (filter.categoryId) {
      query.innerJoin('product.categories', 'category', 'category.id = :categoryId', { categoryId: filter.categoryId });
    }
    return paginate(query, page);
  }

  async variantBySku(storeId: string, sku: string): Promise<Variant> {
    const variant = await this.dataSource.getRepository(Variant).findOneBy({ storeId, sku: sku.trim() });
    if (!variant) throw new NotFoundError('Variant with SKU', sku);
    return variant;
  }

  modifierGroups(storeId: string, includeArchived = false): Promise<ModifierGroup[]> {
    return this.dataSource.getRepository(ModifierGroup).find({
      where: { storeId, ...(includeArchived ? {} : { archivedAt: IsNull() }) },
      order: { position: 'ASC', name: 'ASC' },
    });
  }

  // ---- categories --------------------------------------------------------------------------------------------

  createCategory(storeId: string, input: CategoryInput): Promise<Category> {
    return this.change(storeId, async (tx) => {
      const category = tx.manager.create(Category, {
        storeId,
        name: requiredText(input.name, 'A category name'),
        translations: toTranslations(input.translations),
        position: input.position ?? (await this.nextPosition(tx.manager, Category, storeId)),
        visible: input.visible ?? true,
        availability: toWindows(input.availability),
        archivedAt: null,
      });
      return tx.manager.save(category);
    });
  }

  updateCategory(storeId: string, id: string, input: UpdateCategoryInput): Promise<Category> {
    return this.change(storeId, async (tx) => {
      const category = await this.owned(tx.manager, Category, storeId, id, 'Category');
      if (input.name !== undefined) category.name = requiredText(input.name, 'A category name');
      if (input.translations) category.translations = toTranslations(input.translations);
      if (input.position != null) category.position = input.position;
      if (input.visible !== undefined) category.visible = input.visible;
      if (input.availability !== undefined) category.availability = toWindows(input.availability);
      return tx.manager.save(category);
    });
  }

  archiveCategory(storeId: string, id: string): Promise<Category> {
    return this.change(storeId, async (tx) => {
      const category = await this.owned(tx.manager, Category, storeId, id, 'Category');
      category.archivedAt ??= new Date();
      return tx.manager.save(category);
    });
  }

  /** Puts the given categories first, in this order; the others keep their order after them. */
  reorderCategories(storeId: string, ids: string[]): Promise<Category[]> {
    return this.change(storeId, async (tx) => {
      if (new Set(ids).size !== ids.length) throw new BadUserInputError('Each category may appear once');
      const all = await tx.manager.find(Category, { where: { storeId }, order: { position: 'ASC', name: 'ASC' } });
      const byId = new Map(all.map((category) => [category.id, category]));
      const missing = ids.find((id) => !byId.has(id));
      if (missing) throw new NotFoundError('Category', missing);
      const ordered = [...ids.map((id) => byId.get(id)!), ...all.filter((category) => !ids.includes(category.id))];
      ordered.forEach((category, index) => (category.position = index));
      await tx.manager.save(ordered);
      return ordered.filter((category) => !category.archivedAt);
    });
  }

  // ---- products and variants ---------------------------------------------------------------------------------

  createProduct(storeId: string, input: ProductInput): Promise<Product> {
    return this.change(storeId, async (tx, loadStore) => {
      const store = await loadStore();
      if (!input.variants?.length) throw new BadUserInputError('A product needs at least one variant (its SKU and price)');
      if ((input.externalId == null) !== (input.externalSource == null)) {
        throw new BadUserInputError('externalId and externalSource go together');
      }
      const product = tx.manager.create(Product, {
        storeId,
        name: requiredText(input.name, 'A product name'),
        description: input.description?.trim() || null,
        translations: toTranslations(input.translations),
        tags: this.tags(input.tags),
        status: ProductStatus.active,
        position: input.position ?? (await this.nextPosition(tx.manager, Product, storeId)),
        externalId: input.externalId ?? null,
        externalSource: input.externalSource ?? null,
        categories: await this.categoriesOf(tx.manager, storeId, input.categoryIds),
        modifierGroups: await this.groupsOf(tx.manager, storeId, input.modifierGroupIds),
      });
      await tx.manager.save(product);
      const seen = new Set<string>();
      for (const [index, variantInput] of input.variants.entries()) {
        const variant = await this.newVariant(tx.manager, store, product.id, variantInput, index);
        const key = optionsKey(variant.options);
        if (seen.has(key)) throw new DuplicateVariantOptionsError(key);
        seen.add(key);
        await tx.manager.save(variant);
      }
      return product;
    });
  }

  updateProduct(storeId: string, id: string, input: UpdateProductInput): Promise<Product> {
    return this.change(storeId, async (tx) => {
      const product = await this.owned(tx.manager, Product, storeId, id, 'Product');
      if (input.name !== undefined) product.name = requiredText(input.name, 'A product name');
      if (input.description !== undefined) product.description = input.description?.trim() || null;
      if (input.translations) product.translations = toTranslations(input.translations);
      if (input.tags) product.tags = this.tags(input.tags);
      if (input.position != null) product.position = input.position;
      if (input.status) product.status = input.status;
      if (input.categoryIds) product.categories = await this.categoriesOf(tx.manager, storeId, input.categoryIds);
      if (input.modifierGroupIds) product.modifierGroups = await this.groupsOf(tx.manager, storeId, input.modifierGroupIds);
      return tx.manager.save(product);
    });
  }

  archiveProduct(storeId: string, id: string): Promise<Product> {
    return this.updateProduct(storeId, id, { status: ProductStatus.archived });
  }

  addVariant(storeId: string, productId: string, input: VariantInput): Promise<Variant> {
    return this.change(storeId, async (tx, loadStore) => {
      const store = await loadStore();
      await this.owned(tx.manager, Product, storeId, productId, 'Product');
      const variant = await this.newVariant(tx.manager, store, productId, input, await this.nextVariantPosition(tx.manager, productId));
      await this.assertOptionsFree(tx.manager, productId, variant.options);
      return tx.manager.save(variant);
    });
  }

  updateVariant(storeId: string, id: string, input: UpdateVariantInput): Promise<Variant> {
    return this.change(storeId, async (tx, loadStore) => {
      const store = await loadStore();
      const variant = await this.owned(tx.manager, Variant, storeId, id, 'Variant');
      if (input.sku !== undefined) {
        variant.sku = requiredText(input.sku, 'A SKU', 100);
        await this.assertSkuFree(tx.manager, storeId, variant.sku, variant.id);
      }
      if (input.options) {
        variant.options = toOptions(input.options);
        await this.assertOptionsFree(tx.manager, variant.productId, variant.options, variant.id);
      }
      if (input.price) variant.priceAmount = this.amount(store, input.price, 'price');
      if (input.clearCompareAtPrice) variant.compareAtAmount = null;
      else if (input.compareAtPrice) variant.compareAtAmount = this.amount(store, input.compareAtPrice, 'compareAtPrice');
      if (input.trackStock !== undefined) variant.trackStock = input.trackStock;
      if (input.stockOnHand != null) variant.stockOnHand = this.stock(input.stockOnHand);
      if (input.soldOut !== undefined) variant.soldOut = input.soldOut;
      if (input.position != null) variant.position = input.position;
      return tx.manager.save(variant);
    });
  }

  setVariantSoldOut(storeId: string, id: string, soldOut: boolean): Promise<Variant> {
    return this.updateVariant(storeId, id, { soldOut });
  }

  archiveVariant(storeId: string, id: string): Promise<Variant> {
    return this.change(storeId, async (tx) => {
      const variant = await this.owned(tx.manager, Variant, storeId, id, 'Variant');
      if (variant.archivedAt) return variant;
      const siblings = await tx.manager.countBy(Variant, { productId: variant.productId, archivedAt: IsNull() });
      if (siblings <= 1) throw new LastVariantError();
      variant.archivedAt = new Date();
      return tx.manager.save(variant);
    });
  }

  /** Many price, stock and sold-out changes by SKU in one transaction: all rows apply, or none and the first bad row is named. */
  bulkUpdateVariants(storeId: string, rows: BulkVariantUpdateInput[]): Promise<Variant[]> {
    return this.change(storeId, async (tx, loadStore) => {
      const store = await loadStore();
      if (rows.length === 0) return [];
      if (rows.length > 5000) throw new BadUserInputError('At most 5000 rows per bulk update');
      const skus = rows.map((row) => row.sku.trim());
      const variants = await tx.manager.find(Variant, { where: { storeId, sku: In(skus) } });
      const bySku = new Map(variants.map((variant) => [variant.sku, variant]));
      const changed = new Map<string, Variant>();
      for (const [index, row] of rows.entries()) {
        const variant = bySku.get(skus[index]);
        try {
          if (!variant) throw new NotFoundError('Variant with SKU', skus[index]);
          if (row.price) variant.priceAmount = this.amount(store, row.price, 'price');
          if (row.stockOnHand != null) variant.stockOnHand = this.stock(row.stockOnHand);
          if (row.soldOut !== undefined) variant.soldOut = row.soldOut;
        } catch (error) {
          if (error instanceof Error && 'code' in error) {
            const domain = error as Error & { code: string; details?: Record<string, unknown> };
            domain.message = `Row ${index + 1} (${skus[index]}): ${domain.message}`;
            Object.assign(domain, { details: { ...domain.details, row: index + 1, sku: skus[index] } });
          }
          throw error;
        }
        changed.set(variant.id, variant);
      }
      return tx.manager.save([...changed.values()]);
    });
  }

  // ---- modifiers ---------------------------------------------------------------------------------------------

  createModifierGroup(storeId: string, input: ModifierGroupInput): Promise<ModifierGroup> {
    return this.change(storeId, async (tx, loadStore) => {
      const store = await loadStore();
      const minSelect = input.minSelect ?? 0;
      const maxSelect = input.maxSelect ?? 1;
      this.assertRange(minSelect, maxSelect);
      const group = await tx.manager.save(
        tx.manager.create(ModifierGroup, {
          storeId,
          name: requiredText(input.name, 'A modifier group name'),
          translations: toTranslations(input.translations),
          minSelect,
          maxSelect,
          position: input.position ?? (await this.nextPosition(tx.manager, ModifierGroup, storeId)),
          archivedAt: null,
        }),
      );
      for (const [index, modifier] of (input.modifiers ?? []).entries()) {
        await tx.manager.save(this.newModifier(tx.manager, store, group.id, modifier, index));
      }
      return group;
    });
  }

  updateModifierGroup(storeId: string, id: string, input: UpdateModifierGroupInput): Promise<ModifierGroup> {
    return this.change(storeId, async (tx) => {
      const group = await this.owned(tx.manager, ModifierGroup, storeId, id, 'Modifier group');
      if (input.name !== undefined) group.name = requiredText(input.name, 'A modifier group name');
      if (input.translations) group.translations = toTranslations(input.translations);
      if (input.minSelect != null) group.minSelect = input.minSelect;
      if (input.maxSelect != null) group.maxSelect = input.maxSelect;
      if (input.position != null) group.position = input.position;
      this.assertRange(group.minSelect, group.maxSelect);
      return tx.manager.save(group);
    });
  }

  archiveModifierGroup(storeId: string, id: string): Promise<ModifierGroup> {
    return this.change(storeId, async (tx) => {
      const group = await this.owned(tx.manager, ModifierGroup, storeId, id, 'Modifier group');
      group.archivedAt ??= new Date();
      return tx.manager.save(group);
    });
  }

  addModifier(storeId: string, groupId: string, input: ModifierInput): Promise<Modifier> {
    return this.change(storeId, async (tx, loadStore) => {
      const store = await loadStore();
      await this.owned(tx.manager, ModifierGroup, storeId, groupId, 'Modifier group');
      const position = input.position ?? (await tx.manager.countBy(Modifier, { groupId }));
      return tx.manager.save(this.newModifier(tx.manager, store, groupId, input, position));
    });
  }

  updateModifier(storeId: string, id: string, input: UpdateModifierInput): Promise<Modifier> {
    return this.change(storeId, async (tx, loadStore) => {
      const store = await loadStore();
      const modifier = await this.owned(tx.manager, Modifier, storeId, id, 'Modifier');
      if (input.name !== undefined) modifier.name = requiredText(input.name, 'A modifier name');
      if (input.translations) modifier.translations = toTranslations(input.translations);
      if (input.priceDelta) modifier.priceDeltaAmount = this.amount(store, input.priceDelta, 'priceDelta', { allowNegative: true });
      if (input.available !== undefined) modifier.available = input.available;
      if (input.position != null) modifier.position = input.position;
      return tx.manager.save(modifier);
    });
  }

  archiveModifier(storeId: string, id: string): Promise<Modifier> {
    return this.change(storeId, async (tx) => {
      const modifier = await this.owned(tx.manager, Modifier, storeId, id, 'Modifier');
      modifier.archivedAt ??= new Date();
      return tx.manager.save(modifier);
    });
  }

  // ---- the rules ---------------------------------------------------------------------------------------------

  /**
   * One catalog change: a transaction that also bumps the version every cache compares against. Public for the
   * catalog's other writers (images, CSV import), so every change goes through the same door.
   */
  change<T>(storeId: string, work: (tx: Transaction, loadStore: () => Promise<Store>) => Promise<T>): Promise<T> {
    // A change made while another change of the same store runs (an import batch calling createProduct, updateVariant,
    // ...) joins that transaction: the batch commits or rolls back whole, with the same rules as single calls.
    const outer = this.running.getStore();
    const joined = outer?.open && outer.storeId === storeId ? work(outer.tx, outer.loadStore) : null;
    const run =
      joined ??
      this.unitOfWork.run(async (tx) => {
        // Read only by the work that asks for it: most changes (an image's results, a product's fields) don't, and
        // the version bump below finds a missing store just as well, one round trip fewer.
        let store: Promise<Store> | undefined;
        const loadStore = () => (store ??= this.existingStore(tx.manager, storeId));
        const context = { tx, storeId, loadStore, open: true };
        const result = await this.running.run(context, () => work(tx, loadStore)).finally(() => (context.open = false));
        const bumped = await tx.manager.increment(Store, { id: storeId }, 'catalogVersion', 1);
        if (!bumped.affected) throw new NotFoundError('Store', storeId);
        tx.publish('catalog.changed', { storeId });
        return result;
      });
    return run.catch((error: unknown) => {
      // Two requests racing for one SKU: the unique index decides, and the loser hears why.
      if (isUniqueViolation(error)) throw new DuplicateSkuError('(taken while this request ran)');
      throw error;
    });
  }

  private async existingStore(manager: EntityManager, storeId: string): Promise<Store> {
    const store = await manager.findOneBy(Store, { id: storeId });
    if (!store) throw new NotFoundError('Store', storeId);
    return store;
  }

  private async owned<T extends { storeId: string }>(
    manager: EntityManager,
    entity: new () => T,
    storeId: string,
    id: string,
    label: string,
  ): Promise<T> {
    const found = isId(id) ? await manager.findOne(entity, { where: { id, storeId } as never }) : null;
    if (!found) throw new NotFoundError(label, id);
    return found;
  }

  private async nextPosition(manager: EntityManager, entity: typeof Category | typeof Product | typeof ModifierGroup, storeId: string) {
    const row = await manager
      .createQueryBuilder(entity, 'row')
      .select('MAX(row.position)', 'max')
      .where('row.storeId = :storeId', { storeId })
      .getRawOne<{ max: number | null }>();
    return row?.max == null ? 0 : Number(row.max) + 1;
  }

  private async nextVariantPosition(manager: EntityManager, productId: string): Promise<number> {
    return manager.countBy(Variant, { productId });
  }

  private amount(store: Store, money: MoneyInput, field: string, { allowNegative = false } = {}): number {
    if (money.currency.trim().toUpperCase() !== store.currency) throw new CurrencyMismatchError(money.currency, store.currency);
    if (!Number.isInteger(money.amount)) throw new BadUserInputError(`${field} is a whole number of minor units (cents)`);
    if (!allowNegative && money.amount < 0) throw new NegativePriceError(field, money.amount);
    return money.amount;
  }

  private stock(stock: number): number {
    if (!Number.isInteger(stock) || stock < 0) throw new NegativeStockError(stock);
    return stock;
  }

  private tags(tags: string[] | null | undefined): string[] {
    return [...new Set((tags ?? []).map((tag) => tag.trim().toLowerCase()).filter(Boolean))];
  }

  private assertRange(min: number, max: number): void {
    if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max < 1 || min > max) {
      throw new InvalidModifierRangeError(min, max);
    }
  }

  private async assertSkuFree(manager: EntityManager, storeId: string, sku: string, exceptId?: string): Promise<void> {
    const other = await manager.findOneBy(Variant, { storeId, sku });
    if (other && other.id !== exceptId) throw new DuplicateSkuError(sku);
  }

  private async assertOptionsFree(manager: EntityManager, productId: string, options: Record<string, string>, exceptId?: string) {
    const key = optionsKey(options);
    const siblings = await manager.findBy(Variant, { productId, archivedAt: IsNull() });
    if (siblings.some((sibling) => sibling.id !== exceptId && optionsKey(sibling.options) === key)) {
      throw new DuplicateVariantOptionsError(key);
    }
  }

  private async newVariant(manager: EntityManager, store: Store, productId: string, input: VariantInput, position: number) {
    const sku = requiredText(input.sku, 'A SKU', 100);
    await this.assertSkuFree(manager, store.id, sku);
    return manager.create(Variant, {
      storeId: store.id,
      productId,
      sku,
      options: toOptions(input.options),
      priceAmount: this.amount(store, input.price, 'price'),
      compareAtAmount: input.compareAtPrice ? this.amount(store, input.compareAtPrice, 'compareAtPrice') : null,
      currency: store.currency,
      trackStock: input.trackStock ?? input.stockOnHand != null,
      stockOnHand: this.stock(input.stockOnHand ?? 0),
      soldOut: input.soldOut ?? false,
      position: input.position ?? position,
      archivedAt: null,
    });
  }

  private newModifier(manager: EntityManager, store: Store, groupId: string, input: ModifierInput, position: number): Modifier {
    return manager.create(Modifier, {
      storeId: store.id,
      groupId,
      name: requiredText(input.name, 'A modifier name'),
      translations: toTranslations(input.translations),
      priceDeltaAmount: input.priceDelta ? this.amount(store, input.priceDelta, 'priceDelta', { allowNegative: true }) : 0,
      currency: store.currency,
      available: input.available ?? true,
      position: input.position ?? position,
      archivedAt: null,
    });
  }

  private async categoriesOf(manager: EntityManager, storeId: string, ids: string[] | null | undefined): Promise<Category[]> {
    return this.allOwned(manager, Category, storeId, ids, 'Category');
  }

  private async groupsOf(manager: EntityManager, storeId: string, ids: string[] | null | undefined): Promise<ModifierGroup[]> {
    return this.allOwned(manager, ModifierGroup, storeId, ids, 'Modifier group');
  }

  private async allOwned<T extends { id: string; storeId: string }>(
    manager: EntityManager,
    entity: new () => T,
    storeId: string,
    ids: string[] | null | undefined,
    label: string,
  ): Promise<T[]> {
    const wanted = [...new Set(ids ?? [])];
    const valid = wanted.filter(isId);
    const found = valid.length ? await manager.find(entity, { where: { id: In(valid), storeId } as never }) : [];
    const missing = wanted.find((id) => !found.some((row) => row.id === id));
    if (missing) throw new NotFoundError(label, missing);
    return wanted.map((id) => found.find((row) => row.id === id)!);
  }
}
