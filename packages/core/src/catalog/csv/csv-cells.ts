import type { AvailabilityWindow, AvailabilityWindowInput } from '../availability';
import type { OptionValueInput } from '../catalog.inputs';

/** A cell that can't be read: the import refuses its row, naming the column. */
export class CellError extends Error {
  constructor(
    readonly column: string,
    message: string,
  ) {
    super(message);
  }
}

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const digitsByCurrency = new Map<string, number>();

// Postgres `int` columns: a bigger amount would fail in the database instead of being refused here.
const MAX_INT = 2_147_483_647;

/** How many decimals a currency's amounts have: 2 for EUR, 0 for JPY, 3 for KWD (ISO 4217, as Intl knows it). */
export function minorUnitDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    if (!CURRENCIES.has(currency)) throw new RangeError(`"${currency}" is not an ISO 4217 currency code such as EUR`);
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

/**
 * "12.50" in EUR is 1250 minor units, exactly: the digits are read as text, never through a float. A comma works as
 * the decimal mark too (spreadsheets in much of Europe write 12,50); thousands separators don't. More decimals than
 * the currency has are refused rather than rounded. The sign is kept: whether it may be negative is the catalog's rule.
 */
export function parseAmount(text: string, currency: string, column: string): number {
  const match = /^([+-])?(\d+)(?:[.,](\d+))?$/.exec(text);
  if (!match) throw new CellError(column, `"${text}" is not an amount such as 12.50 (no currency signs or thousands separators)`);
  const [, sign, whole, fraction = ''] = match;
  const digits = minorUnitDigits(currency);
  if (fraction.length > digits) {
    throw new CellError(column, `"${text}" has more decimals than ${currency} has (${digits})`);
  }
  const amount = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(amount) || amount > MAX_INT) throw new CellError(column, `"${text}" is too large an amount`);
  return sign === '-' && amount !== 0 ? -amount : amount;
}

/** The amount as the import reads it back: 1250 EUR is "12.50", 500 JPY is "500". */
export function formatAmount(amount: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  const sign = amount < 0 ? '-' : '';
  const text = String(Math.abs(amount)).padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${text}` : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

export function parseWholeNumber(text: string, column: string): number {
  if (!/^[+-]?\d+$/.test(text)) throw new CellError(column, `"${text}" is not a whole number`);
  const value = Number(text);
  if (Math.abs(value) > MAX_INT) throw new CellError(column, `"${text}" is too large`);
  return value;
}

const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0', '']);

/** yes/no, true/false or 1/0; empty is no. */
export function parseYesNo(text: string, column: string): boolean {
  const value = text.toLowerCase();
  if (YES.has(value)) return true;
  if (NO.has(value)) return false;
  throw new CellError(column, `"${text}" is not yes or no`);
}

/** "a; b;;c" is [a, b, c]: lists in a cell are separated by semicolons, which never clash with prices. */
export function parseList(text: string): string[] {
  return text
    .split(';')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** The list's names once each, compared as the catalog compares names (case and spacing aside). */
export function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = nameKey(name);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

export function nameKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** "size=large; crust=thin" as option values; option names are lowercase, as the catalog keeps them. */
export function parseOptions(text: string, column = 'options'): OptionValueInput[] {
  const options: OptionValueInput[] = [];
  for (const part of parseList(text)) {
    const equals = part.indexOf('=');
    const name = equals > 0 ? part.slice(0, equals).trim().toLowerCase() : '';
    const value = equals > 0 ? part.slice(equals + 1).trim() : '';
    if (!name || !value) throw new CellError(column, `"${part}" is not an option such as size=large`);
    if (options.some((option) => option.name === name)) throw new CellError(column, `The option "${name}" is given twice`);
    options.push({ name, value });
  }
  return options;
}

export function formatOptions(options: Record<string, string>): string {
  return Object.entries(options)
    .map(([name, value]) => `${name}=${value}`)
    .join(';');
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function dayNumber(name: string, column: string): number {
  const index = DAYS.indexOf(name.trim().toLowerCase().slice(0, 3));
  if (index < 0 || name.trim().length < 3) throw new CellError(column, `"${name}" is not a day such as mon or sat`);
  return index + 1;
}

/**
 * "mon-fri 07:00-11:00; sat,sun 08:00-12:00": menu section hours in the store's time zone. Without days, every day.
 * The times themselves are checked by the catalog (toWindows).
 */
export function parseAvailability(text: string, column = 'availability'): AvailabilityWindowInput[] {
  return parseList(text).map((part) => {
    const match = /^(?:(.+?)\s+)?(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})$/.exec(part);
    if (!match) throw new CellError(column, `"${part}" is not hours such as mon-fri 07:00-11:00`);
    const [, dayText, from, to] = match;
    const days = new Set<number>();
    for (const range of dayText ? dayText.split(',') : []) {
      const [first, last] = range.split('-');
      const start = dayNumber(first, column);
      const end = last === undefined ? start : dayNumber(last, column);
      // fri-mon wraps over the weekend.
      for (let day = start; ; day = (day % 7) + 1) {
        days.add(day);
        if (day === end) break;
      }
    }
    return { days: [...days].sort(), from: from.padStart(5, '0'), to: to.padStart(5, '0') };
  });
}

export function formatAvailability(windows: AvailabilityWindow[] | null): string {
  return (windows ?? [])
    .map((window) => {
      const days = formatDays(window.days ?? []);
      return days ? `${days} ${window.from}-${window.to}` : `${window.from}-${window.to}`;
    })
    .join('; ');
}

function formatDays(days: number[]): string {
  const sorted = [...new Set(days)].sort();
  if (sorted.length === 0 || sorted.length === 7) return '';
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    ranges.push(j === i ? DAYS[sorted[i] - 1] : `${DAYS[sorted[i] - 1]}-${DAYS[sorted[j] - 1]}`);
    i = j + 1;
  }
  return ranges.join(',');
}

// Spreadsheets run a cell starting with one of these as a formula ("CSV injection"). The export puts an apostrophe
// before such text, which spreadsheets hide and the import takes off again; one before an apostrophe keeps names
// like "'t Hoekje" intact through a round trip.
const FORMULA_START = /^[=+\-@\t\r']/;

export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function unguardFormula(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

/** One CSV line: fields with the delimiter, quotes or line breaks are quoted, quotes doubled (RFC 4180). */
export function csvLine(cells: string[], delimiter = ','): string {
  return `${cells.map((cell) => (/[",;\t\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(delimiter)}\r\n`;
}
