import { FILLER_WORDS } from './keywords';
import { quantityAt } from './numbers';
import { foldedWords, similar, type Word } from './text';

/** "the second one", "la segunda": positions 1 to 5, every language's forms together. */
const ORDINALS: string[][] = [
  ['first', '1st', 'primero', 'primera', 'premier', 'premiere', 'eerste'],
  ['second', '2nd', 'segundo', 'segunda', 'deuxieme', 'seconde', 'tweede'],
  ['third', '3rd', 'tercero', 'tercera', 'troisieme', 'derde'],
  ['fourth', '4th', 'cuarto', 'cuarta', 'quatrieme', 'vierde'],
  ['fifth', '5th', 'quinto', 'quinta', 'cinquieme', 'vijfde'],
];

/** Words around a position that add nothing to it: "option 2", "número 2". */
const CHOICE_WORDS = new Set(['option', 'opcion', 'optie', 'choice', 'choix', 'keuze', 'number', 'numero', 'nummer', 'nr']);

/**
 * The offered choice the words pick: by position ("2", "two", "the second one"), by letter ("b"), or by its
 * title, typos forgiven ("diavla"). A title word said alone must point at one choice only.
 */
export function pickChoice(words: Word[], offered: { id: string; title: string }[]): string | undefined {
  const norms = words.map((word) => word.norm);
  if (norms.length === 1 && /^[a-z]$/.test(norms[0])) {
    const byLetter = offered[norms[0].charCodeAt(0) - 'a'.charCodeAt(0)];
    if (byLetter) return byLetter.id;
  }

  let said = norms.filter((word) => !FILLER_WORDS.has(word));
  if (said.length > 1) said = said.filter((word) => !CHOICE_WORDS.has(word));
  if (said.length === 0) return undefined;
  if (said.length === 1) {
    const ordinal = ORDINALS.findIndex((forms) => forms.includes(said[0]));
    const position = ordinal >= 0 ? ordinal + 1 : quantityAt(said, 0)?.value;
    const byPosition = position === undefined ? undefined : offered[position - 1];
    if (byPosition) return byPosition.id;
  }

  const titles = offered.map((choice) => ({ id: choice.id, words: foldedWords(choice.title).filter((word) => !FILLER_WORDS.has(word)) }));
  const matching = titles.filter((title) => said.every((word) => title.words.some((titleWord) => similar(word, titleWord))));
  // "coca cola" among "Coca-Cola" and "Coca-Cola Zero": the title said in full.
  const whole = matching.length > 1 ? matching.filter((title) => title.words.length === said.length) : matching;
  return whole.length === 1 ? whole[0].id : undefined;
}
