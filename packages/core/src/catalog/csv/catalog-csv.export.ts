import { type DataSource, In, IsNull } from 'typeorm';
import type { Store } from '../../stores/store.entity';
import { Category } from '../category.entity';
import { renditionKey } from '../images/product-image.service';
import { renditionUrl } from '../images/image-view';
import { Modifier } from '../modifier.entity';
import { ModifierGroup } from '../modifier-group.entity';
import { Product } from '../product.entity';
import { ProductImage } from '../product-image.entity';
import { SUPPORTED_LANGUAGES, type Translations } from '../translations';
import { Variant } from '../variant.entity';
import { COLUMNS } from './catalog-csv.rows';
import { csvLine, formatAmount, formatAvailability, formatOptions, guardFormula, nameKey } from './csv-cells';

const PAGE = 200;
// Never guarded: numbers, which spreadsheets must keep reading as numbers.
const NUMERIC = new Set<string>(['price', 'compare_at_price', 'stock', 'min', 'max']);

type Cells = Partial<Record<string, string>>;

/**
 * The store's catalog as CSV lines in the import's format (docs/catalog-csv.md): sections, then modifier groups each
 * followed by its modifiers, then products by position, one row per variant. Products are read a page at a time,
 * so a large catalog streams without being held in memory. Archived sections, groups, modifiers and variants are
 * left out; archived products are in, with status archived.
 */
export async function* exportCatalogCsv(dataSource: DataSource, store: Store, publicUrl: string): AsyncGenerator<string> {
  const manager = dataSource.manager;
  const storeId = store.id;
  const categories = await manager.find(Category, { where: { storeId, archivedAt: IsNull() }, order: { position: 'ASC', name: 'ASC' } });
  const groups = await manager.find(ModifierGroup, { where: { storeId, archivedAt: IsNull() }, order: { position: 'ASC', name: 'ASC' } });
  const modifiers = await manager.find(Modifier, { where: { storeId, archivedAt: IsNull() }, order: { position: 'ASC', createdAt: 'ASC' } });

  // A first, light pass: the languages for the header, and which product names need a product_key to stay apart.
  const languages = new Set<string>();
  const names = new Map<string, number>();
  const collect = (translations: Translations) => Object.keys(translations).forEach((language) => languages.add(language));
  [...categories, ...groups, ...modifiers].forEach((row) => collect(row.translations));
  for await (const page of productPages(dataSource, storeId, ['id', 'position', 'name', 'translations'])) {
    for (const product of page) {
      collect(product.translations);
      names.set(nameKey(product.name), (names.get(nameKey(product.name)) ?? 0) + 1);
    }
  }
  const ordered = [
    ...SUPPORTED_LANGUAGES.filter((language) => language !== store.defaultLanguage || languages.has(language)),
    ...[...languages].filter((language) => !(SUPPORTED_LANGUAGES as readonly string[]).includes(language)).sort(),
  ];
  const columns: string[] = [...COLUMNS, ...ordered.flatMap((language) => [`name_${language}`, `description_${language}`])];
  const line = (cells: Cells) => csvLine(columns.map((column) => (NUMERIC.has(column) ? (cells[column] ?? '') : guardFormula(cells[column] ?? ''))));
  const texts = (translations: Translations, withDescriptions: boolean): Cells =>
    Object.fromEntries(
      Object.entries(translations).flatMap(([language, text]) => [
        [`name_${language}`, text.name ?? ''],
        ...(withDescriptions ? [[`description_${language}`, text.description ?? '']] : []),
      ]),
    );

  yield csvLine(columns);
  for (const category of categories) {
    yield line({ type: 'category', category: category.name, availability: formatAvailability(category.availability), ...texts(category.translations, false) });
  }
  for (const group of groups) {
    yield line({ type: 'modifier_group', group: group.name, min: String(group.minSelect), max: String(group.maxSelect), ...texts(group.translations, false) });
    for (const modifier of modifiers.filter((candidate) => candidate.groupId === group.id)) {
      yield line({
        type: 'modifier',
        group: group.name,
        modifier: modifier.name,
        price: formatAmount(modifier.priceDeltaAmount, modifier.currency),
        currency: modifier.currency,
        sold_out: modifier.available ? 'no' : 'yes',
        ...texts(modifier.translations, false),
      });
    }
  }

  const categoryOrder = new Map(categories.map((category, index) => [category.id, index]));
  const groupOrder = new Map(groups.map((group, index) => [group.id, index]));
  for await (const page of productPages(dataSource, storeId, ['id', 'position'])) {
    const ids = page.map((product) => product.id);
    const products = await manager.find(Product, { where: { id: In(ids) }, relations: { categories: true, modifierGroups: true } });
    const variants = await manager.find(Variant, { where: { productId: In(ids), archivedAt: IsNull() }, order: { position: 'ASC', createdAt: 'ASC' } });
    const images = await manager.find(ProductImage, { where: { productId: In(ids) }, order: { position: 'ASC', createdAt: 'ASC' } });
    for (const id of ids) {
      const product = products.find((candidate) => candidate.id === id)!;
      const ambiguous = (names.get(nameKey(product.name)) ?? 0) > 1;
      const own = variants.filter((variant) => variant.productId === id);
      for (const [index, variant] of own.entries()) {
        const cells: Cells = {
          type: 'product',
          sku: variant.sku,
          product: product.name,
          // Two products of one name would be read as one: their first SKU keeps them apart.
          product_key: ambiguous ? own[0].sku : '',
          options: formatOptions(variant.options),
          price: formatAmount(variant.priceAmount, variant.currency),
          compare_at_price: variant.compareAtAmount === null ? '' : formatAmount(variant.compareAtAmount, variant.currency),
          currency: variant.currency,
          stock: variant.trackStock ? String(variant.stockOnHand) : '',
          sold_out: variant.soldOut ? 'yes' : 'no',
        };
        // A product's own columns go on its first row only, which is where the import reads them.
        if (index === 0) {
          Object.assign(cells, {
            description: product.description ?? '',
            category: (product.categories ?? [])
              .filter((category) => categoryOrder.has(category.id))
              .sort((a, b) => categoryOrder.get(a.id)! - categoryOrder.get(b.id)!)
              .map((category) => category.name)
              .join(';'),
            tags: product.tags.join(';'),
            modifier_groups: (product.modifierGroups ?? [])
              .filter((group) => groupOrder.has(group.id))
              .sort((a, b) => groupOrder.get(a.id)! - groupOrder.get(b.id)!)
              .map((group) => group.name)
              .join(';'),
            image: images
              .filter((image) => image.productId === id)
              .map((image) => renditionUrl(publicUrl, renditionKey(storeId, image.contentHash, 'w1200', 'jpeg')))
              .join(';'),
            status: product.status,
            ...texts(product.translations, true),
          } satisfies Cells);
        }
        yield line(cells);
      }
    }
  }
}

/** The store's products in (position, id) order, a page at a time, by keyset so no product is missed or repeated. */
async function* productPages(dataSource: DataSource, storeId: string, fields: (keyof Product)[]): AsyncGenerator<Product[]> {
  let after: { position: number; id: string } | null = null;
  for (;;) {
    const query = dataSource
      .getRepository(Product)
      .createQueryBuilder('product')
      .select(fields.map((field) => `product.${field}`))
      .where('product.storeId = :storeId', { storeId })
      .orderBy('product.position', 'ASC')
      .addOrderBy('product.id', 'ASC')
      .take(PAGE);
    if (after) {
      query.andWhere('(product.position > :position OR (product.position = :position AND product.id > :id))', after);
    }
    const page = await query.getMany();
    if (page.length === 0) return;
    yield page;
    const last = page[page.length - 1];
    after = { position: last.position, id: last.id };
    if (page.length < PAGE) return;
  }
}
