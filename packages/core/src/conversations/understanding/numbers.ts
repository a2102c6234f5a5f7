import type { PerLanguage } from './text';

/** 1 to 20 in order. The French 17–19 are two words once their hyphen is gone ("dix-sept"). */
export const NUMBER_WORDS: PerLanguage = {
  en: ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'],
  es: ['uno', 'dos', 'tres', 'cuatro', 'cinco', 'seis', 'siete', 'ocho', 'nueve', 'diez', 'once', 'doce', 'trece', 'catorce', 'quince', 'dieciseis', 'diecisiete', 'dieciocho', 'diecinueve', 'veinte'],
  fr: ['un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf', 'dix', 'onze', 'douze', 'treize', 'quatorze', 'quinze', 'seize', 'dix sept', 'dix huit', 'dix neuf', 'vingt'],
  nl: ['een', 'twee', 'drie', 'vier', 'vijf', 'zes', 'zeven', 'acht', 'negen', 'tien', 'elf', 'twaalf', 'dertien', 'veertien', 'vijftien', 'zestien', 'zeventien', 'achttien', 'negentien', 'twintig'],
};

/** "a coke" is one coke, but an article says less than a number: it doesn't start a new item mid-sentence. */
export const ARTICLES: PerLanguage = { en: ['a', 'an'], es: ['un', 'una'], fr: ['un', 'une'], nl: ['een'] };

export const COUPLES: PerLanguage = { en: ['a couple of', 'a couple'], es: ['un par de'], fr: [], nl: [] };

export interface Quantity {
  value: number;
  /** How many words said it. */
  length: number;
  /** A number rather than an article: "2 cokes", "two cokes", but not "a coke". */
  explicit: boolean;
}

const ARTICLE_WORDS = new Set(Object.values(ARTICLES).flat());

// Longest first, so "dix huit" is 18 rather than 10 and "a couple of" 2 rather than 1.
const QUANTITY_PHRASES = [
  ...Object.values(NUMBER_WORDS).flatMap((words) => words.map((text, position) => ({ text, value: position + 1 }))),
  ...Object.values(ARTICLES).flatMap((words) => words.map((text) => ({ text, value: 1 }))),
  ...Object.values(COUPLES).flatMap((words) => words.map((text) => ({ text, value: 2 }))),
]
  .map(({ text, value }) => ({ words: text.split(' '), value, explicit: !ARTICLE_WORDS.has(text) }))
  .sort((a, b) => b.words.length - a.words.length);

// "2", "2x", "x2": a hundred of anything is a postcode or a price, not a quantity.
const DIGITS = /^(?:x?(\d{1,2})|(\d{1,2})x)$/;

/** The quantity said at `at` in the folded words, if one is. */
export function quantityAt(words: string[], at: number): Quantity | undefined {
  const digits = digitsAt(words, at, at + 1);
  if (digits) return digits;
  const phrase = QUANTITY_PHRASES.find((candidate) => candidate.words.every((word, offset) => words[at + offset] === word));
  return phrase && { value: phrase.value, length: phrase.words.length, explicit: phrase.explicit };
}

/** A quantity in digits at the end ("coke x2", "tiramisu x 2", "margherita 2"). */
export function trailingQuantity(words: string[]): Quantity | undefined {
  return digitsAt(words, words.length - 1, words.length - 2);
}

function digitsAt(words: string[], at: number, times: number): Quantity | undefined {
  const digits = DIGITS.exec(words[at] ?? '');
  if (!digits) return undefined;
  const value = Number(digits[1] ?? digits[2]);
  // "2 x margherita", "tiramisu x 2": a lone x goes with its number.
  const length = /^\d+$/.test(words[at]) && words[times] === 'x' ? 2 : 1;
  return value > 0 ? { value, length, explicit: true } : undefined;
}
