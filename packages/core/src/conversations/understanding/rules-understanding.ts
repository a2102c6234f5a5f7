import type { Intent, MessageUnderstanding, UnderstandingInput, Understood } from '@parley/plugin-sdk';
import { readCartEdit } from './cart-edits';
import { pickChoice } from './choices';
import { readOrder } from './items';
import { findKeywords, NEUTRAL_WORDS } from './keywords';
import { detectLanguage } from './language';
import { prepareMenu } from './menu';
import { isWord, tokenize } from './text';

/** Longer texts are cut: nobody orders in an essay, and whatever is pasted in stays quick to read. */
const MAX_TEXT_LENGTH = 1000;

/**
 * The core's own understanding: keyword tables, number words and the catalog's search, in English, Spanish,
 * French and Dutch. Deterministic, so the same words always mean the same thing. In order:
 * a pick among the choices offered; a change to the cart ("remove the coke", "make it 3"); a message that is only
 * keywords ("yes", "menu please"); a strong keyword ("where is my order"); the items it names; a category; a
 * weaker keyword ("hi", "checkout"), which items outrank ("hi, 2 cokes please" adds the cokes).
 */
export class RulesUnderstanding implements MessageUnderstanding {
  readonly code = 'rules';

  async understand(input: UnderstandingInput): Promise<Understood> {
    try {
      return await understandText(input);
    } catch {
      // A failing search or a malformed input is a message not understood, never an error in the conversation.
      return { intent: { kind: 'unknown' } };
    }
  }
}

async function understandText(input: UnderstandingInput): Promise<Understood> {
  const tokens = tokenize(String(input.text ?? '').slice(0, MAX_TEXT_LENGTH));
  const words = tokens.filter(isWord);
  const detectedLanguage = detectLanguage(words.map((word) => word.norm));
  const understood = (intent: Intent): Understood => (detectedLanguage ? { intent, detectedLanguage } : { intent });
  if (words.length === 0) return understood({ kind: 'unknown' });

  const menu = prepareMenu(input.menu);
  const search = (text: string) => input.searchProducts(text);

  const choice = input.offered.length > 0 ? pickChoice(words, input.offered) : undefined;
  if (choice) return understood({ kind: 'choice', id: choice });

  const edit = await readCartEdit(words, menu, search);
  if (edit) return understood(edit);

  const keywords = findKeywords(words.map((word) => word.norm));
  const covered = new Set(keywords.flatMap((keyword) => Array.from({ length: keyword.length }, (_, offset) => keyword.start + offset)));
  if (words.every((word) => covered.has(word.index) || NEUTRAL_WORDS.has(word.norm))) return understood(keywords[0]?.intent ?? { kind: 'unknown' });
  const strong = keywords.find((keyword) => keyword.strength === 'strong');
  if (strong) return understood(strong.intent);

  const order = await readOrder(tokens, covered, menu, search);
  if (order.items.length > 0) return understood({ kind: 'add', items: order.items, unmatched: order.unmatched });
  if (order.categoryId) return understood({ kind: 'menu', categoryId: order.categoryId });
  const weak = keywords.find((keyword) => keyword.strength === 'weak');
  if (weak) return understood(weak.intent);
  // "I want a hawaiian": an order for something we don't have, to answer as such.
  if (order.asked && order.unmatched.length > 0) return understood({ kind: 'add', items: [], unmatched: order.unmatched });
  return understood({ kind: 'unknown' });
}
