import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { NotFoundError } from '@parley/plugin-sdk';
import MiniSearch, { type SearchResult } from 'minisearch';
import { DataSource, IsNull } from 'typeorm';
import type { AppConfig } from '../config/config.schema';
import { APP_CONFIG } from '../config/config.module';
import { groupBy } from '../database/group-by';
import { ClusterEventsService } from '../events/cluster-events.service';
import { EventBusService } from '../events/event-bus.service';
import { Store } from '../stores/store.entity';
import { isWithinWindows, localTime } from './availability';
import { Category } from './category.entity';
import { type ImageView, imageView } from './images/image-view';
import type { Menu, MenuCategory, MenuModifierGroup, MenuProduct, MenuSearchHit, MenuVariant } from './menu.types';
import { Modifier } from './modifier.entity';
import { ModifierGroup } from './modifier-group.entity';
import { Product, ProductStatus } from './product.entity';
import { ImageStatus, ProductImage } from './product-image.entity';
import { localized } from './translations';
import { Variant } from './variant.entity';

/** Everything of one store's catalog that could reach a customer, as of one catalog version. */
interface Snapshot {
  version: number;
  store: Store;
  categories: Category[];
  products: Map<string, Product>;
  productIdsByCategory: Map<string, string[]>;
  categoryIdsByProduct: Map<string, string[]>;
  variantsByProduct: Map<string, Variant[]>;
  groupsByProduct: Map<string, ModifierGroup[]>;
  modifiersByGroup: Map<string, Modifier[]>;
  imagesByProduct: Map<string, ImageView[]>;
  search: MiniSearch<SearchDocument>;
  /** Every word of every option value ("small", "large", "thin"): they pick a variant rather than a product. */
  optionWords: Set<string>;
}

/** One per product: its names in every language, every variant's option values, tags and sections. */
interface SearchDocument {
  id: string;
  name: string;
  options: string;
  tags: string;
  categories: string;
}

const VIEW_CACHE_LIMIT = 2000;
// How long a store's catalog version is trusted without asking the database. Changes are announced to every process
// at once (ClusterEventsService); this only bounds staleness should an announcement be lost.
export const VERSION_RECHECK_MS = 2000;

// Typos grow with word length: one edit from 4 letters, two from 7 ("margarita" finds "margherita").
const fuzzy = (term: string) => (term.length >= 7 ? 2 : term.length >= 4 ? 1 : 0);

/**
 * The public read model behind `menu`, `menuProduct` and `searchMenu`. A store's catalog is loaded with a fixed
 * number of queries into a snapshot, kept while the store's catalogVersion is unchanged (every catalog change bumps
 * it in its own transaction, so every process sees changes at once), and localized views of it are cached per
 * language and per set of sections open at the moment.
 */
@Injectable()
export class MenuService implements OnModuleInit {
  private readonly snapshots = new Map<string, Promise<Snapshot>>();
  private readonly views = new Map<string, Menu>();
  private readonly versions = new Map<string, { id: string; version: number; checkedAt: number }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventBusService,
    private readonly cluster: ClusterEventsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.events.subscribe('catalog.changed', ({ payload }) => this.cluster.broadcast('catalog.changed', payload));
    this.cluster.on('catalog.changed', ({ storeId }) => {
      for (const [slug, known] of this.versions) if (known.id === storeId) this.versions.delete(slug);
    });
  }

  /**
   * What a menu answer depends on: store, catalog version, language and the sections open now. Equal states give
   * equal menus, so whole responses can be cached under it (MenuResponseCache).
   */
  async menuState(storeSlug: string, language: string | null | undefined, at = new Date()): Promise<string> {
    const snapshot = await this.snapshotFor(storeSlug);
    return this.viewKey(snapshot, this.languageFor(snapshot, language), this.openCategories(snapshot, at));
  }

  async menu(storeSlug: string, language: string | null | undefined, at = new Date()): Promise<Menu> {
    const snapshot = await this.snapshotFor(storeSlug);
    const lang = this.languageFor(snapshot, language);
    const open = this.openCategories(snapshot, at);
    const key = this.viewKey(snapshot, lang, open);
    const cached = this.views.get(key);
    if (cached) return cached;

    const categories: MenuCategory[] = [];
    for (const category of open) {
      const products = (snapshot.productIdsByCategory.get(category.id) ?? [])
        .map((productId) => this.productView(snapshot, productId, lang))
        .filter((product): product is MenuProduct => product !== null);
      if (products.length === 0) continue;
      categories.push({ id: category.id, ...localized({ ...category, description: null }, lang), products });
    }
    const menu: Menu = {
      storeName: snapshot.store.name,
      storeSlug: snapshot.store.slug,
      currency: snapshot.store.currency,
      language: lang,
      categories,
    };
    if (this.views.size >= VIEW_CACHE_LIMIT) this.views.delete(this.views.keys().next().value as string);
    this.views.set(key, menu);
    return menu;
  }

  /** A product as a customer may order it now, or null when it can't be (archived, sold out, section closed). */
  async product(storeSlug: string, productId: string, language: string | null | undefined, at = new Date()): Promise<MenuProduct | null> {
    const snapshot = await this.snapshotFor(storeSlug);
    if (!this.orderable(snapshot, productId, this.openCategoryIds(snapshot, at))) return null;
    return this.productView(snapshot, productId, this.languageFor(snapshot, language));
  }

  /**
   * Typo- and word-order-tolerant search over what can be ordered now ("margarita" finds Margherita, "pepperoni
   * large" the large Pepperoni), best match first, one hit per product, texts in the customer's language.
   */
  async search(storeSlug: string, text: string, language: string | null | undefined, limit = 10, at = new Date()): Promise<MenuSearchHit[]> {
    const snapshot = await this.snapshotFor(storeSlug);
    const lang = this.languageFor(snapshot, language);
    const query = text.trim();
    if (!query) return [];
    const open = this.openCategoryIds(snapshot, at);
    const filter = (result: SearchResult) => this.orderable(snapshot, result.id as string, open);
    const options = { fuzzy, prefix: (term: string) => term.length >= 3, boost: { name: 3, options: 2, categories: 0.5 }, filter };
    // "pepperoni large": look for the pepperoni, then take its large variant. Searching "large" among the products
    // too would score nearly the whole catalog for nothing.
    const words = query.toLowerCase().split(/\s+/);
    const variantWords = words.filter((word) => snapshot.optionWords.has(word));
    const productWords = words.filter((word) => !snapshot.optionWords.has(word));
    const productText = productWords.length > 0 ? productWords.join(' ') : query;
    let results = snapshot.search.search(productText, { ...options, combineWith: 'AND' });
    if (results.length === 0) results = snapshot.search.search(productText, { ...options, combineWith: 'OR' });

    const hits: MenuSearchHit[] = [];
    for (const result of results) {
      const product = this.productView(snapshot, result.id as string, lang);
      if (!product) continue;
      // The variant the words point at: "pepperoni large" matched the term "large" among the options.
      const matched = new Set([...result.terms, ...variantWords]);
      const variant =
        product.variants.find((candidate) => candidate.options.some((option) => option.value.toLowerCase().split(/\s+/).some((word) => matched.has(word)))) ??
        product.variants[0];
      hits.push({ product, variant, score: result.score });
      if (hits.length >= limit) break;
    }
    return hits;
  }

  private viewKey(snapshot: Snapshot, language: string, open: Category[]): string {
    return `${snapshot.store.id}:${snapshot.version}:${language}:${open.map((category) => category.id).join(',')}`;
  }

  private async currentVersion(storeSlug: string): Promise<{ id: string; version: number }> {
    const known = this.versions.get(storeSlug);
    if (known && Date.now() - known.checkedAt < VERSION_RECHECK_MS) return known;
    const current = await this.dataSource
      .createQueryBuilder(Store, 'store')
      .select('store.id', 'id')
      .addSelect('store.catalogVersion', 'version')
      .where('store.slug = :slug', { slug: storeSlug })
      .getRawOne<{ id: string; version: number }>();
    if (!current) throw new NotFoundError('Store', storeSlug);
    const fresh = { id: current.id, version: Number(current.version), checkedAt: Date.now() };
    this.versions.set(storeSlug, fresh);
    return fresh;
  }

  private async snapshotFor(storeSlug: string): Promise<Snapshot> {
    const current = await this.currentVersion(storeSlug);
    const cached = this.snapshots.get(current.id);
    if (cached) {
      const snapshot = await cached;
      if (snapshot.version === current.version) return snapshot;
    }
    // One load per store and version, however many requests ask at once.
    const loading = this.dataSource.getRepository(Store).findOneByOrFail({ id: current.id }).then((store) => this.load(store));
    this.snapshots.set(current.id, loading);
    loading.then(
      (snapshot) => this.versions.set(storeSlug, { id: snapshot.store.id, version: snapshot.version, checkedAt: Date.now() }),
      () => this.snapshots.delete(current.id),
    );
    return loading;
  }

  private async load(store: Store): Promise<Snapshot> {
    const storeId = store.id;
    const [allCategories, products, variants, groups, modifiers, categoryLinks, groupLinks, images] = await Promise.all([
      this.dataSource.getRepository(Category).find({
        where: { storeId, archivedAt: IsNull() },
        order: { position: 'ASC', name: 'ASC' },
      }),
      this.dataSource.getRepository(Product).find({ where: { storeId, status: ProductStatus.active }, order: { position: 'ASC', name: 'ASC' } }),
      this.dataSource.getRepository(Variant).find({ where: { storeId, archivedAt: IsNull() }, order: { position: 'ASC', createdAt: 'ASC' } }),
      this.dataSource.getRepository(ModifierGroup).find({ where: { storeId, archivedAt: IsNull() }, order: { position: 'ASC', name: 'ASC' } }),
      this.dataSource.getRepository(Modifier).find({ where: { storeId, archivedAt: IsNull() }, order: { position: 'ASC', name: 'ASC' } }),
      this.links('product_category', 'categoryId', storeId),
      this.links('product_modifier_group', 'modifierGroupId', storeId),
      this.dataSource.getRepository(ProductImage).find({ where: { storeId, status: ImageStatus.ready }, order: { position: 'ASC', createdAt: 'ASC' } }),
    ]);
    const productsById = new Map(products.map((product) => [product.id, product]));
    const groupsById = new Map(groups.map((group) => [group.id, group]));
    // A product only in hidden sections is hidden too; one in no section at all is still orderable (e.g. by search).
    const categories = allCategories.filter((category) => category.visible);
    const categoryIds = new Set(allCategories.map((category) => category.id));
    const activeCategoryLinks = categoryLinks.filter((link) => productsById.has(link.productId) && categoryIds.has(link.targetId));
    const categoryLinksByProduct = groupBy(activeCategoryLinks, (link) => link.productId);
    // Products in menu order within each section.
    const productIdsByCategory = groupBy(
      products.flatMap((product) => (categoryLinksByProduct.get(product.id) ?? []).map((link) => ({ categoryId: link.targetId, productId: product.id }))),
      (entry) => entry.categoryId,
    );
    const snapshot: Snapshot = {
      version: store.catalogVersion,
      store,
      categories,
      products: productsById,
      productIdsByCategory: new Map([...productIdsByCategory].map(([categoryId, entries]) => [categoryId, entries.map((entry) => entry.productId)])),
      categoryIdsByProduct: new Map([...categoryLinksByProduct].map(([productId, links]) => [productId, links.map((link) => link.targetId)])),
      variantsByProduct: groupBy(variants, (variant) => variant.productId),
      groupsByProduct: new Map(
        [...groupBy(groupLinks, (link) => link.productId)].map(([productId, links]) => [
          productId,
          links
            .map((link) => groupsById.get(link.targetId))
            .filter((group): group is ModifierGroup => group !== undefined)
            .sort((a, b) => a.position - b.position),
        ]),
      ),
      modifiersByGroup: groupBy(modifiers, (modifier) => modifier.groupId),
      imagesByProduct: new Map(
        [...groupBy(images, (image) => image.productId)].map(([productId, ready]) => [
          productId,
          ready.map((image) => imageView(image, this.config.publicUrl)).filter((view): view is ImageView => view !== null),
        ]),
      ),
      search: new MiniSearch<SearchDocument>({ fields: ['name', 'options', 'tags', 'categories'] }),
      optionWords: new Set(variants.flatMap((variant) => Object.values(variant.options).flatMap((value) => value.toLowerCase().split(/\s+/)))),
    };
    snapshot.search.addAll(this.searchDocuments(snapshot, categories));
    return snapshot;
  }

  private async links(table: string, targetColumn: string, storeId: string) {
    // Join rows carry no store: take them through the product, which does.
    return this.dataSource
      .createQueryBuilder()
      .select('"link"."productId"', 'productId')
      .addSelect(`"link"."${targetColumn}"`, 'targetId')
      .from(table, 'link')
      .innerJoin(Product, 'product', '"product"."id" = "link"."productId"')
      .where('"product"."storeId" = :storeId', { storeId })
      .getRawMany<{ productId: string; targetId: string }>();
  }

  private searchDocuments(snapshot: Snapshot, categories: Category[]): SearchDocument[] {
    const categoryText = new Map(
      categories.map((category) => [category.id, [category.name, ...Object.values(category.translations).map((t) => t.name ?? '')].join(' ')]),
    );
    const documents: SearchDocument[] = [];
    for (const product of snapshot.products.values()) {
      const variants = snapshot.variantsByProduct.get(product.id) ?? [];
      documents.push({
        id: product.id,
        name: [product.name, ...Object.values(product.translations).map((translation) => translation.name ?? '')].join(' '),
        options: [...new Set(variants.flatMap((variant) => Object.values(variant.options)))].join(' '),
        tags: product.tags.join(' '),
        categories: (snapshot.categoryIdsByProduct.get(product.id) ?? []).map((id) => categoryText.get(id) ?? '').join(' '),
      });
    }
    return documents;
  }

  private languageFor(snapshot: Snapshot, language: string | null | undefined): string {
    const code = language?.trim().toLowerCase();
    return code && /^[a-z]{2}$/.test(code) ? code : snapshot.store.defaultLanguage;
  }

  private openCategories(snapshot: Snapshot, at: Date): Category[] {
    const now = localTime(at, snapshot.store.timeZone);
    return snapshot.categories.filter((category) => isWithinWindows(category.availability, now));
  }

  private openCategoryIds(snapshot: Snapshot, at: Date): Set<string> {
    return new Set(this.openCategories(snapshot, at).map((category) => category.id));
  }

  /** Active and either in an open visible section or in no section at all (variants are checked by the view). */
  private orderable(snapshot: Snapshot, productId: string, openCategoryIds: Set<string>): boolean {
    if (!snapshot.products.has(productId)) return false;
    const categoryIds = snapshot.categoryIdsByProduct.get(productId);
    if (!categoryIds || categoryIds.length === 0) return true;
    return categoryIds.some((id) => openCategoryIds.has(id));
  }

  private productView(snapshot: Snapshot, productId: string, language: string): MenuProduct | null {
    const product = snapshot.products.get(productId);
    if (!product) return null;
    const variants: MenuVariant[] = (snapshot.variantsByProduct.get(productId) ?? [])
      .filter((variant) => variant.available)
      .map((variant) => ({
        id: variant.id,
        sku: variant.sku,
        label: Object.values(variant.options).join(' '),
        options: Object.entries(variant.options).map(([name, value]) => ({ name, value })),
        price: { amount: variant.priceAmount, currency: variant.currency },
        compareAtPrice: variant.compareAtAmount == null ? null : { amount: variant.compareAtAmount, currency: variant.currency },
      }));
    if (variants.length === 0) return null;
    const modifierGroups: MenuModifierGroup[] = [];
    for (const group of snapshot.groupsByProduct.get(productId) ?? []) {
      const modifiers = (snapshot.modifiersByGroup.get(group.id) ?? [])
        .filter((modifier) => modifier.available)
        .map((modifier) => ({
          id: modifier.id,
          name: localized({ ...modifier, description: null }, language).name,
          priceDelta: { amount: modifier.priceDeltaAmount, currency: modifier.currency },
        }));
      // A required choice with nothing left to choose makes the product unorderable; an optional one just disappears.
      if (modifiers.length < group.minSelect) return null;
      if (modifiers.length === 0) continue;
      modifierGroups.push({
        id: group.id,
        name: localized({ ...group, description: null }, language).name,
        minSelect: group.minSelect,
        maxSelect: Math.min(group.maxSelect, modifiers.length),
        modifiers,
      });
    }
    const text = localized(product, language);
    return {
      id: product.id,
      name: text.name,
      description: text.description,
      tags: product.tags,
      images: (snapshot.imagesByProduct.get(productId) ?? []).map(({ id, alt, width, height, renditions }) => ({ id, alt, width, height, renditions })),
      fromPrice: variants.reduce((lowest, variant) => (variant.price.amount < lowest.amount ? variant.price : lowest), variants[0].price),
      variants,
      modifierGroups,
    };
  }
}
