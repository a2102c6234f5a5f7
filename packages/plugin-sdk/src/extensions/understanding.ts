/**
 * The ordering assistant's understanding step: what a customer's text means. The core ships a deterministic
 * understanding for English, Spanish, French and Dutch; an NLU or LLM plugin can replace it by registering its own
 * (`registry.register('understanding', mine)`); the dialog, cart and checkout stay the core's.
 */

export type AssistantLanguage = 'en' | 'es' | 'fr' | 'nl';

/** The menu as the understanding sees it: localized names and the ids the cart takes. */
export interface UnderstandingMenu {
  language: string;
  products: {
    id: string;
    sku: string;
    name: string;
    categoryId: string;
    variants: { id: string; sku: string; label: string; options: { name: string; value: string }[] }[];
    modifierGroups: { id: string; name: string; minSelect: number; maxSelect: number; modifiers: { id: string; name: string }[] }[];
  }[];
  categories: { id: string; name: string }[];
}

export interface UnderstandingInput {
  text: string;
  /** The contact's language when known, else the store's default; the text may still be in another language. */
  language: string;
  menu: UnderstandingMenu;
  /** Finds products by free text with the catalog's typo-tolerant search; best match first. */
  searchProducts(text: string): Promise<{ productId: string; variantId: string; score: number }[]>;
  /** The choices the assistant last offered, in order (so "2", "b" or a title pick one). */
  offered: { id: string; title: string }[];
}

/** One item a customer asked for. Unknown parts are left out rather than guessed. */
export interface WantedItem {
  productId: string;
  /** The variant the words named ("large"); absent when the product has several and none was named. */
  variantId?: string;
  quantity: number;
  modifierIds: string[];
  /** The words that named it, for confirmations and for asking back. */
  text: string;
}

export type Intent =
  | { kind: 'greet' }
  | { kind: 'menu'; categoryId?: string }
  | { kind: 'add'; items: WantedItem[]; unmatched: string[] }
  | { kind: 'remove'; productId?: string; text: string }
  | { kind: 'set_quantity'; productId?: string; quantity: number }
  | { kind: 'cart' }
  | { kind: 'clear_cart' }
  | { kind: 'checkout' }
  | { kind: 'choice'; id: string }
  | { kind: 'yes' }
  | { kind: 'no' }
  | { kind: 'order_status' }
  | { kind: 'reorder' }
  | { kind: 'help' }
  | { kind: 'human' }
  | { kind: 'stop' }
  | { kind: 'start' }
  | { kind: 'language'; language: AssistantLanguage }
  | { kind: 'faq'; topic: 'hours' | 'address' | 'delivery_area' | 'allergens' }
  | { kind: 'thanks' }
  | { kind: 'unknown' };

export interface Understood {
  intent: Intent;
  /** The language the text was written in, when the words made it clear. */
  detectedLanguage?: AssistantLanguage;
}

export interface MessageUnderstanding {
  /** Its code, e.g. `rules` for the core's own. */
  readonly code: string;
  understand(input: UnderstandingInput): Promise<Understood>;
}
