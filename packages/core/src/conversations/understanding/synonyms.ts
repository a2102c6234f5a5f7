import { allWords, type PerLanguage, singular } from './text';

/**
 * Sizes in the four languages, keyed by the English word: a menu names its sizes in one language, its customers
 * in theirs ("grote" finds "Large", "large" finds "Grande").
 */
export const SIZES: Record<string, PerLanguage> = {
  small: { en: ['small'], es: ['pequena', 'pequeno', 'chica', 'chico'], fr: ['petite', 'petit'], nl: ['klein', 'kleine'] },
  medium: { en: ['medium'], es: ['mediana', 'mediano'], fr: ['moyenne', 'moyen'], nl: ['middel', 'middelgrote', 'medium'] },
  large: { en: ['large', 'big'], es: ['grande'], fr: ['grande', 'grand'], nl: ['groot', 'grote'] },
};

/** The most common extras, the same way ("kaas" finds "Extra cheese"). */
export const EXTRAS: Record<string, PerLanguage> = {
  cheese: { en: ['cheese'], es: ['queso'], fr: ['fromage'], nl: ['kaas'] },
  olives: { en: ['olive'], es: ['aceituna', 'oliva'], fr: ['olive'], nl: ['olijven', 'olijf'] },
  mushrooms: { en: ['mushroom'], es: ['champinon', 'champinones', 'seta', 'hongo'], fr: ['champignon'], nl: ['champignon'] },
  ham: { en: ['ham'], es: ['jamon'], fr: ['jambon'], nl: ['ham'] },
  onions: { en: ['onion'], es: ['cebolla'], fr: ['oignon'], nl: ['ui', 'uien'] },
  bacon: { en: ['bacon'], es: ['tocino', 'beicon'], fr: ['lardons'], nl: ['spek'] },
};

const CANONICAL = new Map<string, string>(
  Object.entries({ ...SIZES, ...EXTRAS }).flatMap(([key, table]) => [key, ...allWords(table)].map((word) => [singular(word), key])),
);

/** The English key of a size or extra said in any language, else the word itself. */
export function canonical(word: string): string {
  return CANONICAL.get(singular(word)) ?? word;
}

/**
 * What customers call a few products the world over, as the words a menu names them by: "1 coke" finds Coca-Cola,
 * which the catalog's search alone would not (too many letters differ).
 */
const NICKNAMES = new Map<string, string>([
  ['coke', 'coca cola'],
  ['cokes', 'coca cola'],
]);

export function withoutNicknames(text: string): string {
  return text
    .split(/\s+/)
    .map((word) => NICKNAMES.get(word.toLowerCase()) ?? word)
    .join(' ');
}
