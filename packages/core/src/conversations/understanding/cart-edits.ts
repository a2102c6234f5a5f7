import type { Intent } from '@parley/plugin-sdk';
import { CART, CONNECTOR_WORDS, NEUTRAL_WORDS } from './keywords';
import { findProduct, isSizeWord, type PreparedMenu, type Search } from './menu';
import { quantityAt } from './numbers';
import { allWords, findPhrase, type PerLanguage, rawText, type Word } from './text';

export const REMOVE: PerLanguage = {
  en: ['remove', 'delete'],
  es: ['quita', 'quitar', 'quitame', 'quitalo', 'quitala', 'elimina', 'eliminar', 'borra', 'borrar', 'saca', 'sacar'],
  fr: ['enleve', 'enlever', 'enlevez', 'retire', 'retirer', 'retirez', 'supprime', 'supprimer', 'supprimez'],
  // "haal de cola weg": "haal" alone is also "fetch".
  nl: ['verwijder', 'verwijderen', 'weg'],
};
export const CLEAR: PerLanguage = { en: ['empty', 'clear', 'reset'], es: ['vaciar', 'vacia', 'vacie', 'vaciame'], fr: ['vider', 'videz'], nl: ['leeg', 'leegmaken', 'legen'] };
export const EVERYTHING: PerLanguage = { en: ['everything', 'all'], es: ['todo', 'toda', 'todos'], fr: ['tout', 'tous'], nl: ['alles', 'allemaal'] };
/** Said with a number: the new quantity of a line ("make it 3", "3 margheritas instead"). */
export const SET_QUANTITY: PerLanguage = {
  en: ['make it', 'make that', 'change it to', 'change to', 'instead'],
  es: ['que sean', 'que sea', 'mejor', 'cambia a', 'en vez'],
  fr: ['plutot', 'finalement', 'mets en', 'mettez en'],
  nl: ['maak er', 'maak het', 'toch'],
};

const REMOVE_WORDS = allWords(REMOVE);
const CLEAR_WORDS = allWords(CLEAR);
const EVERYTHING_WORDS = allWords(EVERYTHING);
const CART_WORDS = allWords(CART);
const SET_QUANTITY_PHRASES = Object.values(SET_QUANTITY)
  .flat()
  .map((phrase) => phrase.split(' '));

/**
 * Changes to the cart already filled: emptying it, taking a product out, changing how many. Their words are
 * matched without typos: they act on the cart, and "quite" is one letter from "quita".
 */
export async function readCartEdit(words: Word[], menu: PreparedMenu, search: Search): Promise<Intent | undefined> {
  const norms = words.map((word) => word.norm);
  if (norms.some((word) => CLEAR_WORDS.has(word))) return { kind: 'clear_cart' };

  if (norms.some((word) => REMOVE_WORDS.has(word))) {
    const named = productWords(menu, words.filter((word) => !REMOVE_WORDS.has(word.norm) && !CART_WORDS.has(word.norm)));
    const cartNamed = norms.some((word) => CART_WORDS.has(word));
    // "remove everything", "quita todo", "delete my cart"
    if ((named.length > 0 && named.every((word) => EVERYTHING_WORDS.has(word.norm))) || (named.length === 0 && cartNamed)) return { kind: 'clear_cart' };
    // "remove all the cokes"
    const product = named.filter((word) => !EVERYTHING_WORDS.has(word.norm));
    const text = rawText(product);
    const productId = await findProduct(search, product);
    return productId ? { kind: 'remove', productId, text } : { kind: 'remove', text };
  }

  const cue = findPhrase(norms, SET_QUANTITY_PHRASES);
  if (!cue) return undefined;
  const rest = words.filter((_, at) => at < cue.start || at >= cue.start + cue.length);
  const restNorms = rest.map((word) => word.norm);
  const at = rest.findIndex((_, index) => quantityAt(restNorms, index)?.explicit);
  const quantity = at < 0 ? undefined : quantityAt(restNorms, at);
  if (!quantity) return undefined;
  const named = productWords(menu, [...rest.slice(0, at), ...rest.slice(at + quantity.length)]);
  const productId = await findProduct(search, named);
  return productId ? { kind: 'set_quantity', productId, quantity: quantity.value } : { kind: 'set_quantity', quantity: quantity.value };
}

/**
 * The words naming the product, without those the search is better without ("the", "1", "large"): the first
 * product only, since an edit is about one ("remove the tiramisu and the coke" removes the tiramisu).
 */
function productWords(menu: PreparedMenu, words: Word[]): Word[] {
  const named: Word[] = [];
  for (const word of words) {
    if (named.length > 0 && CONNECTOR_WORDS.has(word.norm)) break;
    const incidental = NEUTRAL_WORDS.has(word.norm) || isSizeWord(menu, word.norm) || quantityAt([word.norm], 0) !== undefined;
    if (!incidental) named.push(word);
  }
  return named;
}
