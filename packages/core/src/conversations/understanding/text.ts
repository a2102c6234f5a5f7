import type { AssistantLanguage } from '@parley/plugin-sdk';

/** A word table with the words of each language the assistant speaks; a space separates the words of a phrase. */
export type PerLanguage = Record<AssistantLanguage, string[]>;

/** Every word of the tables, whatever its language. */
export function allWords(...tables: PerLanguage[]): Set<string> {
  return new Set(tables.flatMap((table) => Object.values(table).flat().flatMap((phrase) => phrase.split(' '))));
}

/** A word of the customer's message. */
export interface Word {
  /** As typed, minus apostrophes ("margherita's" → "margheritas"): what is searched and echoed back. */
  raw: string;
  /** Lowercase without accents ("Champiñones" → "champinones"): what is compared. */
  norm: string;
  /** Its position among the message's words. */
  index: number;
}

/** Commas, "+", new lines and sentence ends separate items: they are kept as breaks between the words. */
export type Token = Word | 'break';

// Letters and digits make words (emojis and other symbols fall away); "&" is the word "and".
const TOKEN = /[\p{L}\p{N}]+(?:['’`][\p{L}\p{N}]+)*|&|[,;+\n.!?]/gu;
// What follows an apostrophe in "that's", "don't", "I'd", "we're", "I'm" and the Dutch plural "pizza's" stays
// in the word; anything else is a French elision and starts a word of its own ("l'adresse", "d'accord").
const JOINED_ENDINGS = new Set(['s', 't', 'd', 'll', 're', 've', 'm']);

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  const word = (raw: string, norm = fold(raw)): Word => ({ raw, norm, index: index++ });
  for (const [match] of text.matchAll(TOKEN)) {
    if (match === '&') tokens.push(word('&', 'and'));
    else if (/^[\p{L}\p{N}]/u.test(match)) tokens.push(...splitElisions(match).map((part) => word(part)));
    else tokens.push('break');
  }
  return tokens;
}

export function isWord(token: Token | undefined): token is Word {
  return token !== undefined && token !== 'break';
}

/** The folded words of a text: a product, modifier or category name. */
export function foldedWords(text: string): string[] {
  return tokenize(text)
    .filter(isWord)
    .map((word) => word.norm);
}

export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss');
}

export function rawText(words: Word[]): string {
  return words.map((word) => word.raw).join(' ');
}

function splitElisions(text: string): string[] {
  const [first, ...rest] = text.split(/['’`]/);
  const parts = [first];
  for (const part of rest) {
    if (JOINED_ENDINGS.has(part.toLowerCase())) parts[parts.length - 1] += part;
    else parts.push(part);
  }
  return parts;
}

/** Without a plural "s" ("olives", "pizzas", "pizza's" once folded). */
export function singular(word: string): string {
  return word.length > 3 && word.endsWith('s') ? word.slice(0, -1) : word;
}

/** The same folded word, or its plural. */
export function sameWord(a: string, b: string): boolean {
  return a === b || (a.length - b.length <= 1 && b.length - a.length <= 1 && singular(a) === singular(b));
}

/**
 * The same folded word give or take a plural or one typo: a letter missing, added, wrong or two swapped. Short
 * words must be exact, since one letter turns "card" into "cart" or "mens" into "menu".
 */
export function similar(a: string, b: string): boolean {
  if (sameWord(a, b)) return true;
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  if (shorter.length < 4 || longer.length < 5 || longer.length - shorter.length > 1) return false;
  return oneEditApart(shorter, longer);
}

/** For words whose lengths differ by one at most, the shorter first. */
function oneEditApart(shorter: string, longer: string): boolean {
  let same = 0;
  while (same < shorter.length && shorter[same] === longer[same]) same++;
  if (shorter.length < longer.length) return shorter.slice(same) === longer.slice(same + 1);
  const swapped = shorter[same] === longer[same + 1] && shorter[same + 1] === longer[same];
  return shorter.slice(same + 1) === longer.slice(same + 1) || (swapped && shorter.slice(same + 2) === longer.slice(same + 2));
}

/** Where one of the phrases (their folded words) is said, word for word, plurals aside. */
export function findPhrase(words: string[], phrases: string[][]): { start: number; length: number } | undefined {
  for (const parts of phrases) {
    for (let start = 0; start + parts.length <= words.length; start++) {
      if (parts.every((part, offset) => sameWord(words[start + offset], part))) return { start, length: parts.length };
    }
  }
  return undefined;
}
