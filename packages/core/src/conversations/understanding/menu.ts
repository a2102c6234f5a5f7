import type { UnderstandingInput, UnderstandingMenu } from '@parley/plugin-sdk';
import { EXTRA_WORDS, NEUTRAL_WORDS } from './keywords';
import { canonical, withoutNicknames } from './synonyms';
import { foldedWords, rawText, similar, singular, type Word } from './text';

export type Search = UnderstandingInput['searchProducts'];

/** A product's words, folded: its name, its sizes, and its modifiers under their English keys where known. */
export interface MenuProduct {
  id: string;
  name: string[];
  variants: { id: string; words: string[] }[];
  modifiers: { id: string; words: string[] }[];
  /** Its modifier groups' names ("Crust"): said with a modifier ("thin crust"), never one themselves. */
  groupWords: Set<string>;
}

export interface PreparedMenu {
  products: Map<string, MenuProduct>;
  categories: { id: string; words: string[] }[];
  /** Every size or option word of the menu, under its English key where known. */
  variantWords: string[];
  /** Every word of the products' names: none of them is a typo for a size. */
  nameWords: Set<string>;
  /** Three words in a row in a product's name ("fish and chips", "chili con carne", "pizza 4 stagioni"). */
  nameTrigrams: Set<string>;
}

// A conversation reads many messages against the same menu: its words are folded once.
const prepared = new WeakMap<UnderstandingMenu, PreparedMenu>();

export function prepareMenu(menu: UnderstandingMenu): PreparedMenu {
  const known = prepared.get(menu);
  if (known) return known;
  const products = menu.products.map((product) => ({
    id: product.id,
    name: foldedWords(product.name),
    variants: product.variants.map((variant) => ({
      id: variant.id,
      words: [variant.label, ...variant.options.map((option) => option.value)].flatMap(foldedWords).map(canonical),
    })),
    modifiers: product.modifierGroups.flatMap((group) =>
      group.modifiers.map((modifier) => {
        const words = foldedWords(modifier.name).map(canonical);
        // "Extra cheese" is said "cheese"; a modifier named only "Extra" keeps its name.
        const significant = words.filter((word) => !EXTRA_WORDS.has(word) && !NEUTRAL_WORDS.has(word));
        return { id: modifier.id, words: significant.length > 0 ? significant : words };
      }),
    ),
    groupWords: new Set(product.modifierGroups.flatMap((group) => foldedWords(group.name))),
  }));
  const ready: PreparedMenu = {
    products: new Map(products.map((product) => [product.id, product])),
    categories: menu.categories.map((category) => ({ id: category.id, words: foldedWords(category.name) })),
    variantWords: [...new Set(products.flatMap((product) => product.variants.flatMap((variant) => variant.words)))],
    nameWords: new Set(products.flatMap((product) => product.name)),
    nameTrigrams: new Set(products.flatMap((product) => product.name.slice(2).map((word, at) => trigram(product.name[at], product.name[at + 1], word)))),
  };
  prepared.set(menu, ready);
  return ready;
}

/** Whether a folded word names a size or option of the menu ("grande", "lagre"), but no product's own word. */
export function isSizeWord(menu: PreparedMenu, word: string): boolean {
  const key = canonical(word);
  return menu.variantWords.some((size) => size === key || (!menu.nameWords.has(word) && similar(key, size)));
}

/** The variant the size words name; the only one when there is one; else none rather than a guess. */
export function chooseVariant(product: MenuProduct, sizes: string[]): string | undefined {
  if (product.variants.length === 1) return product.variants[0].id;
  const keys = sizes.map(canonical);
  const scored = product.variants.map((variant) => ({ id: variant.id, score: keys.filter((key) => variant.words.some((word) => similar(key, word))).length }));
  const best = Math.max(0, ...scored.map((variant) => variant.score));
  const winners = scored.filter((variant) => variant.score === best);
  return best > 0 && winners.length === 1 ? winners[0].id : undefined;
}

/**
 * The product's modifiers the words name. A modifier is taken when all its words are said ("red onion"), or
 * when a word points at it alone ("onion" with one onion on the menu); words pointing at none, or at several
 * with nothing to choose between them, are returned as unknown.
 */
export function matchModifiers(product: MenuProduct, words: Word[]): { ids: string[]; unknown: Word[] } {
  const said = words.filter((word) => !NEUTRAL_WORDS.has(word.norm) && !EXTRA_WORDS.has(word.norm) && !product.groupWords.has(word.norm));
  const keys = said.map((word) => canonical(word.norm));
  const pointedAt = keys.map((key) => product.modifiers.filter((modifier) => modifier.words.some((word) => similar(key, word))));
  const chosen = product.modifiers.filter(
    (modifier) =>
      (modifier.words.length > 0 && modifier.words.every((word) => keys.some((key) => similar(key, word)))) ||
      pointedAt.some((modifiers) => modifiers.length === 1 && modifiers[0] === modifier),
  );
  return {
    ids: chosen.map((modifier) => modifier.id),
    unknown: said.filter((_, at) => !pointedAt[at].some((modifier) => chosen.includes(modifier))),
  };
}

/** The category the folded words name as a whole ("pizzas"), unless a product is named so too ("burger"). */
export function matchCategory(menu: PreparedMenu, words: string[]): string | undefined {
  const names = (name: string[]) => name.length === words.length && name.every((word, at) => similar(words[at], word));
  const category = menu.categories.find((candidate) => names(candidate.words));
  return category && ![...menu.products.values()].some((product) => names(product.name)) ? category.id : undefined;
}

/** Whether the word and its neighbours are three words of a product's name, so "and" or "4" there splits nothing. */
export function insideName(menu: PreparedMenu, before: string | undefined, word: string, after: string | undefined): boolean {
  return before !== undefined && after !== undefined && menu.nameTrigrams.has(trigram(before, word, after));
}

function trigram(...words: string[]): string {
  return words.map(singular).join(' ');
}

/** The product the words name, by the catalog's own typo-tolerant search: one rule for finding products. */
export async function findProduct(search: Search, words: Word[]): Promise<string | undefined> {
  if (words.length === 0) return undefined;
  const [best] = await search(withoutNicknames(rawText(words)));
  return best?.productId;
}
