import type { WantedItem } from '@parley/plugin-sdk';
import { CLAUSE_WORDS, CONNECTOR_WORDS, NEUTRAL_WORDS, WANT_WORDS, WITHOUT_WORDS } from './keywords';
import {
  chooseVariant,
  findProduct,
  insideName,
  isSizeWord,
  matchCategory,
  matchModifiers,
  type MenuProduct,
  type PreparedMenu,
  type Search,
} from './menu';
import { type Quantity, quantityAt, trailingQuantity } from './numbers';
import { isWord, rawText, similar, type Token, type Word } from './text';

/** A pasted list longer than this is cut: each item costs a catalog search. */
const MAX_ITEMS = 20;

/** What a message asks to add. */
export interface Order {
  items: WantedItem[];
  unmatched: string[];
  /** A section named where a product was expected ("2 pizzas"). */
  categoryId?: string;
  /** Whether the words asked for something ("I want…", a number), found or not. */
  asked: boolean;
}

/** One item's words, taken apart before its product is known. */
interface Draft {
  /** As typed, politeness aside: the item's `text`. */
  text: string;
  /** As said, if it was. */
  quantity?: Quantity;
  /** The words after the quantity, for "…, olives" continuing the item before. */
  words: Word[];
  sizes: string[];
  /** What is searched for. */
  name: Word[];
  /** Only a size was said ("…and a small one"). */
  sizeOnly: boolean;
  /** After "with" or "extra": the modifiers. */
  extras: Word[];
  /** After "without". */
  without: Word[];
  categoryId?: string;
}

interface Added {
  item: WantedItem;
  product: MenuProduct;
  /** Whether it had modifiers, so that "…and olives" can add more. */
  extended: boolean;
}

/**
 * The items the message names, each with its quantity, size and modifiers: "2 large margheritas with extra cheese
 * and 1 coke". `covered` holds the indexes of words already read as keywords ("hi", "please").
 */
export async function readOrder(tokens: Token[], covered: Set<number>, menu: PreparedMenu, search: Search): Promise<Order> {
  const drafts = segments(tokens, covered, menu)
    .slice(0, MAX_ITEMS)
    .map((segment) => draft(segment, covered, menu))
    .filter((candidate): candidate is Draft => candidate !== undefined);
  const products = await Promise.all(drafts.map((candidate) => (candidate.categoryId ? undefined : findProduct(search, candidate.name))));
  const order: Order = {
    items: [],
    unmatched: [],
    asked: drafts.some((candidate) => candidate.quantity?.explicit) || tokens.some((token) => isWord(token) && WANT_WORDS.has(token.norm)),
  };
  let previous: Added | undefined;
  // Sizes said before any product ("one large and one small margherita") wait for the next one.
  const waiting: Draft[] = [];
  for (const [at, current] of drafts.entries()) {
    if (previous && extendPrevious(previous, current)) continue;
    const productId = products[at];
    if (current.categoryId) {
      order.categoryId ??= current.categoryId;
      order.unmatched.push(current.text);
    } else if (productId) {
      for (const early of waiting.splice(0)) await addItem(order, early, productId, covered, menu, search);
      previous = await addItem(order, current, productId, covered, menu, search);
    } else if (current.sizeOnly && previous && !current.quantity) {
      // "2 margheritas, large": the size of the item before.
      const variantId = chooseVariant(previous.product, current.sizes);
      if (variantId) previous.item.variantId = variantId;
      else order.unmatched.push(current.text);
    } else if (current.sizeOnly) {
      // "a large margherita and a small one": the same product again.
      if (previous) previous = await addItem(order, current, previous.item.productId, covered, menu, search);
      else waiting.push(current);
    } else if (current.name.length > 0) {
      order.unmatched.push(rawText(current.name));
    } else if (current.extras.length > 0 || current.without.length > 0) {
      order.unmatched.push(current.text);
    }
  }
  order.unmatched.push(...waiting.map((early) => early.text));
  return order;
}

/**
 * Splits at commas, new lines, "+", "and"/"y"/"et"/"en", and before a number that follows an item ("1 diavola
 * 2 tiramisu"), unless those words belong to a product's name ("fish and chips").
 */
function segments(tokens: Token[], covered: Set<number>, menu: PreparedMenu): Word[][] {
  const result: Word[][] = [[]];
  tokens.forEach((token, at) => {
    const current = result[result.length - 1];
    if (!isWord(token)) {
      result.push([]);
      return;
    }
    const next = tokens[at + 1];
    if (insideName(menu, current[current.length - 1]?.norm, token.norm, isWord(next) ? next.norm : undefined)) current.push(token);
    else if (CONNECTOR_WORDS.has(token.norm)) result.push([]);
    else if (startsItem(token, next) && current.some((word) => !aside(word, covered) && !quantityAt([word.norm], 0))) result.push([token]);
    else current.push(token);
  });
  return result.filter((segment) => segment.length > 0);
}

/** A number (not an article, not "x2", which ends an item) followed by words; "dix-huit" stays one number. */
function startsItem(word: Word, next: Token | undefined): boolean {
  return isWord(next) && !word.norm.startsWith('x') && quantityAt([word.norm], 0)?.explicit === true;
}

/** Greetings, thanks and politeness around an item ("hi, 2 cokes please"); "with" stays, it starts modifiers. */
function aside(word: Word, covered: Set<number>): boolean {
  return (covered.has(word.index) || NEUTRAL_WORDS.has(word.norm)) && !CLAUSE_WORDS.has(word.norm);
}

function draft(segment: Word[], covered: Set<number>, menu: PreparedMenu): Draft | undefined {
  const norms = segment.map((word) => word.norm);
  let start = 0;
  while (start < segment.length && aside(segment[start], covered) && !quantityAt(norms, start)) start++;
  let end = segment.length;
  while (end > start && aside(segment[end - 1], covered)) end--;
  const words = segment.slice(start, end);
  if (words.length === 0) return undefined;

  const leading = quantityAt(norms, start);
  const trailing = leading ? undefined : trailingQuantity(norms.slice(start, end));
  const quantity = leading ?? trailing;
  const rest = leading ? words.slice(leading.length) : trailing ? words.slice(0, words.length - trailing.length) : words;

  // "with"/"extra" after the product start its modifiers, "without" anywhere what to leave out.
  const cut = rest.findIndex(
    (word, at) =>
      (at > 0 || WITHOUT_WORDS.has(word.norm)) && CLAUSE_WORDS.has(word.norm) && !insideName(menu, rest[at - 1]?.norm, word.norm, rest[at + 1]?.norm),
  );
  const head = cut < 0 ? rest : rest.slice(0, cut);
  const clause = cut < 0 ? [] : rest.slice(cut);
  const without = clause.findIndex((word) => WITHOUT_WORDS.has(word.norm));

  const content = head.filter((word) => !NEUTRAL_WORDS.has(word.norm));
  const sizes = content.filter((word) => isSizeWord(menu, word.norm));
  const name = content.filter((word) => !sizes.includes(word));
  return {
    text: rawText(words),
    quantity,
    words: rest,
    sizes: sizes.map((word) => word.norm),
    name,
    sizeOnly: name.length === 0 && sizes.length > 0,
    extras: without < 0 ? clause : clause.slice(0, without),
    without: without < 0 ? [] : clause.slice(without),
    categoryId: name.length > 0 ? matchCategory(menu, name.map((word) => word.norm)) : undefined,
  };
}

/** "…with extra cheese, olives and thin crust": words that are all modifiers of the item before go to it. */
function extendPrevious(previous: Added, current: Draft): boolean {
  const startsWithClause = current.words.length > 0 && CLAUSE_WORDS.has(current.words[0].norm);
  if (current.quantity?.explicit || current.without.length > 0 || !(previous.extended || startsWithClause)) return false;
  const modifiers = matchModifiers(previous.product, current.words);
  if (modifiers.ids.length === 0 || modifiers.unknown.length > 0) return false;
  previous.item.modifierIds = [...new Set([...previous.item.modifierIds, ...modifiers.ids])];
  previous.extended = true;
  return true;
}

async function addItem(order: Order, current: Draft, productId: string, covered: Set<number>, menu: PreparedMenu, search: Search): Promise<Added> {
  // A product the search knows but this menu doesn't: no variant or modifier can be vouched for.
  const product = menu.products.get(productId) ?? { id: productId, name: [], variants: [], modifiers: [], groupWords: new Set<string>() };
  const variantId = chooseVariant(product, current.sizes);
  // "margherita thin crust": searched words that aren't the product's name may be its modifiers. The others
  // ("pizza" in "margherita pizza") helped the search and are no modifier left out.
  const unnamed = current.name.filter((word) => !product.name.some((nameWord) => similar(word.norm, nameWord)));
  const modifierIds = matchModifiers(product, unnamed).ids;
  const item: WantedItem = { productId, ...(variantId ? { variantId } : {}), quantity: current.quantity?.value ?? 1, modifierIds, text: current.text };
  order.items.push(item);

  // "with extra cheese" names modifiers; "with a coke", after a number or an article, another item.
  for (const [at, part] of splitAtQuantities(current.extras).entries()) {
    const modifiers = matchModifiers(product, part);
    if (at > 0 && modifiers.ids.length === 0) {
      const next = draft(part, covered, menu);
      const nextId = next && (await findProduct(search, next.name));
      if (next && nextId) await addItem(order, next, nextId, covered, menu, search);
      else order.unmatched.push(rawText(part));
      continue;
    }
    item.modifierIds = [...new Set([...item.modifierIds, ...modifiers.ids])];
    if (modifiers.unknown.length > 0) order.unmatched.push(rawText(modifiers.unknown));
  }
  if (current.without.length > 0) order.unmatched.push(rawText(current.without));
  return { item, product, extended: current.extras.length > 0 };
}

function splitAtQuantities(words: Word[]): Word[][] {
  const norms = words.map((word) => word.norm);
  const parts: Word[][] = [[]];
  words.forEach((word, at) => {
    if (at > 0 && quantityAt(norms, at)) parts.push([]);
    parts[parts.length - 1].push(word);
  });
  return parts;
}
