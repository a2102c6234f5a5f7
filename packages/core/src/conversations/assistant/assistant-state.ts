import type { WantedItem } from '@parley/plugin-sdk';

/** What the assistant is waiting for the customer to answer. */
export type AssistantStep =
  | 'idle'
  | 'variant'
  | 'modifiers'
  | 'fulfilment'
  | 'address'
  | 'pickup_time'
  | 'payment'
  | 'awaiting_payment';

/**
 * The ordering dialog of one conversation, kept on the conversation between messages. Small and plain JSON: it is
 * read and written once per customer message.
 */
export interface AssistantState {
  step: AssistantStep;
  cartId?: string;
  /** Items asked for that still need an answer (a size, a required choice), the first one being asked about. */
  pending?: WantedItem[];
  /** The choices last offered, in order, so "2", "b" or a title picks one. */
  offered?: { id: string; title: string }[];
  /** Consecutive messages the assistant did not understand: two offer a person. */
  misunderstood?: number;
  /** The last order placed in this conversation, for "where is my order" and "reorder". */
  lastOrderId?: string;
}

export const INITIAL_STATE: AssistantState = { step: 'idle' };
