import type { AvailabilityWindowInput } from '../availability';
import type { OptionValueInput } from '../catalog.inputs';
import { ProductStatus } from '../product.entity';
import { CatalogCsvInvalidError } from './catalog-csv.errors';
import {
  CellError,
  minorUnitDigits,
  parseAmount,
  parseAvailability,
  parseList,
  parseOptions,
  parseWholeNumber,
  parseYesNo,
  unguardFormula,
  uniqueNames,
} from './csv-cells';

/** Every column the import reads, in the order the export writes them (translations follow, per language). */
export const COLUMNS = [
  'type',
  'sku',
  'product',
  'product_key',
  'options',
  'price',
  'compare_at_price',
  'currency',
  'stock',
  'sold_out',
  'description',
  'category',
  'tags',
  'modifier_groups',
  'image',
  'status',
  'group',
  'min',
  'max',
  'modifier',
  'availability',
] as const;
export type Column = (typeof COLUMNS)[number];

/** A product's own columns: given on its first row; its other rows leave them empty or repeat them. */
export const PRODUCT_COLUMNS: readonly Column[] = ['product', 'description', 'category', 'tags', 'modifier_groups', 'image', 'status'];

export type RowType = 'product' | 'modifier_group' | 'modifier' | 'category';
const ROW_TYPES: Record<string, RowType> = { '': 'product', product: 'product', modifier_group: 'modifier_group', modifier: 'modifier', category: 'category' };

const TRANSLATION = /^(name|description)_([a-z]{2})$/;

/** "Compare at price" and "compare-at price" are compare_at_price: spreadsheets get headers typed by people. */
export function columnName(header: string): string {
  return header.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** Which column is where. Columns left out of a file are left alone by the import; empty cells mean empty. */
export class CsvHeader {
  readonly ignored: string[] = [];
  readonly translations: { column: string; field: 'name' | 'description'; language: string }[] = [];
  private readonly index = new Map<string, number>();

  constructor(cells: string[]) {
    cells.forEach((cell, position) => {
      const name = columnName(cell);
      if (!name) return;
      if (this.index.has(name)) throw new CatalogCsvInvalidError(1, `the column "${name}" appears twice in the header`);
      this.index.set(name, position);
      const translation = TRANSLATION.exec(name);
      if (translation) this.translations.push({ column: name, field: translation[1] as 'name' | 'description', language: translation[2] });
      else if (!(COLUMNS as readonly string[]).includes(name)) this.ignored.push(cell.trim());
    });
    if (!this.has('sku') && !this.has('type')) {
      throw new CatalogCsvInvalidError(1, 'the header names no sku or type column: the first row must name the columns (docs/catalog-csv.md)');
    }
  }

  has(column: string): boolean {
    return this.index.has(column);
  }

  /** The cell, trimmed; undefined when the file has no such column. */
  cell(cells: string[], column: string): string | undefined {
    const position = this.index.get(column);
    return position === undefined ? undefined : unguardFormula((cells[position] ?? '').trim());
  }

  /** Cells past the header's last column that hold something: a shifted row, most likely. */
  hasStrayCells(cells: string[]): boolean {
    return cells.slice(this.index.size === 0 ? 0 : Math.max(...this.index.values()) + 1).some((cell) => cell.trim() !== '');
  }
}

/** Per language, the texts a row gives; null clears one (an empty cell), a missing key leaves it alone. */
export type TranslationCells = Record<string, { name?: string | null; description?: string | null }>;

export interface VariantFields {
  sku: string;
  options?: OptionValueInput[];
  /** Minor units in `currency`; undefined when the file has no price column. */
  price?: number;
  compareAt?: number | null;
  currency: string;
  /** A number counts stock; null stops counting it. */
  stock?: number | null;
  soldOut?: boolean;
}

export interface ProductFields {
  name?: string;
  description?: string | null;
  categories?: string[];
  tags?: string[];
  modifierGroups?: string[];
  images?: string[];
  status?: ProductStatus;
  translations: TranslationCells;
}

export interface ProductRow {
  type: 'product';
  row: number;
  variant: VariantFields;
  product: ProductFields;
  /** The product's own cells as written, to check a later row of the same product doesn't contradict the first. */
  productCells: Map<string, string>;
}

export interface ModifierGroupRow {
  type: 'modifier_group';
  row: number;
  name: string;
  min?: number;
  max?: number;
  translations: TranslationCells;
}

export interface ModifierRow {
  type: 'modifier';
  row: number;
  group: string;
  name: string;
  priceDelta?: number;
  currency: string;
  soldOut?: boolean;
  translations: TranslationCells;
}

export interface CategoryRow {
  type: 'category';
  row: number;
  name: string;
  availability?: AvailabilityWindowInput[];
  translations: TranslationCells;
}

export type CatalogRow = ProductRow | ModifierGroupRow | ModifierRow | CategoryRow;

/** What a row is about, for the report, even when it can't be read. */
export interface RowIdentity {
  type: RowType;
  sku: string | null;
  name: string | null;
}

export function identify(header: CsvHeader, cells: string[]): RowIdentity {
  const type = ROW_TYPES[(header.cell(cells, 'type') ?? '').toLowerCase()] ?? 'product';
  const text = (column: string) => header.cell(cells, column) || null;
  switch (type) {
    case 'product':
      return { type, sku: text('sku'), name: text('product') };
    case 'modifier':
      return { type, sku: null, name: [text('group'), text('modifier')].filter(Boolean).join(' / ') || null };
    case 'modifier_group':
      return { type, sku: null, name: text('group') };
    case 'category':
      return { type, sku: null, name: text('category') };
  }
}

/** Reads one row's cells into what the catalog understands, or throws CellError naming the column at fault. */
export function readRow(header: CsvHeader, cells: string[], row: number, storeCurrency: string): CatalogRow {
  const cell = (column: string) => header.cell(cells, column);
  const required = (column: string, what: string) => {
    const value = cell(column);
    if (!value) throw new CellError(column, `${what} is missing`);
    return value;
  };
  if (header.hasStrayCells(cells)) throw new CellError('', 'the row has more cells than the header has columns');
  const typeText = (cell('type') ?? '').toLowerCase();
  const type = ROW_TYPES[typeText];
  if (!type) throw new CellError('type', `"${typeText}" is not a row type: leave it empty for products, or use modifier_group, modifier or category`);

  const currencyText = (cell('currency') || storeCurrency).toUpperCase();
  try {
    minorUnitDigits(currencyText);
  } catch {
    throw new CellError('currency', `"${currencyText}" is not an ISO 4217 currency code such as EUR`);
  }
  const amount = (column: string) => {
    const text = cell(column);
    return text === undefined ? undefined : text === '' ? null : parseAmount(text, currencyText, column);
  };
  const yesNo = (column: string) => {
    const text = cell(column);
    return text === undefined ? undefined : parseYesNo(text, column);
  };
  const translations = readTranslations(header, cells, type === 'product');

  switch (type) {
    case 'product': {
      const sku = required('sku', 'The SKU');
      const name = cell('product');
      if (name === '' && !cell('product_key')) throw new CellError('product', 'The product name is missing');
      const price = amount('price');
      if (price === null) throw new CellError('price', 'The price is missing');
      const stock = cell('stock');
      const productCells = new Map<string, string>();
      for (const column of [...PRODUCT_COLUMNS, ...header.translations.map((t) => t.column)]) {
        const value = cell(column);
        if (value !== undefined) productCells.set(column, value);
      }
      const list = (column: string) => {
        const text = cell(column);
        return text === undefined ? undefined : uniqueNames(parseList(text));
      };
      const statusText = cell('status');
      if (statusText && !(statusText.toLowerCase() in ProductStatus)) throw new CellError('status', `"${statusText}" is not active or archived`);
      const description = cell('description');
      return {
        type,
        row,
        variant: {
          sku,
          options: cell('options') === undefined ? undefined : parseOptions(cell('options')!),
          price,
          compareAt: amount('compare_at_price'),
          currency: currencyText,
          stock: stock === undefined ? undefined : stock === '' ? null : parseWholeNumber(stock, 'stock'),
          soldOut: yesNo('sold_out'),
        },
        product: {
          name: name || undefined,
          description: description === undefined ? undefined : description || null,
          categories: list('category'),
          tags: cell('tags') === undefined ? undefined : parseList(cell('tags')!),
          modifierGroups: list('modifier_groups'),
          images: cell('image') === undefined ? undefined : [...new Set(parseList(cell('image')!))],
          status: statusText === undefined ? undefined : ((statusText.toLowerCase() || 'active') as ProductStatus),
          translations,
        },
        productCells,
      };
    }
    case 'modifier_group': {
      const min = cell('min');
      const max = cell('max');
      return {
        type,
        row,
        name: required('group', 'The modifier group name (group column)'),
        min: min ? parseWholeNumber(min, 'min') : min === '' ? 0 : undefined,
        max: max ? parseWholeNumber(max, 'max') : max === '' ? 1 : undefined,
        translations,
      };
    }
    case 'modifier': {
      const priceDelta = amount('price');
      return {
        type,
        row,
        group: required('group', 'The modifier group (group column)'),
        name: required('modifier', 'The modifier name (modifier column)'),
        priceDelta: priceDelta === null ? 0 : priceDelta,
        currency: currencyText,
        soldOut: yesNo('sold_out'),
        translations,
      };
    }
    case 'category': {
      const name = required('category', 'The category name');
      if (name.includes(';')) throw new CellError('category', 'A category row names one category (no ;)');
      const availability = cell('availability');
      return { type, row, name, availability: availability === undefined ? undefined : parseAvailability(availability), translations };
    }
  }
}

function readTranslations(header: CsvHeader, cells: string[], withDescriptions: boolean): TranslationCells {
  const result: TranslationCells = {};
  for (const { column, field, language } of header.translations) {
    if (field === 'description' && !withDescriptions) continue;
    (result[language] ??= {})[field] = header.cell(cells, column) || null;
  }
  return result;
}
