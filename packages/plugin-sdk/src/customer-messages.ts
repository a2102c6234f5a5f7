import type { TransactionContext } from './transactions';

/** A text for the customer who placed an order, from a plugin (a loyalty reward, a review request). */
export interface CustomerMessage {
  storeId: string;
  /** The order it is about: it goes to that order's chat, after the order's own notifications. */
  orderId: string;
  /** As the customer reads it; at most 4,096 characters. Say nothing you would not want in the chat history. */
  text: string;
}

/**
 * Plugins' way to write to a customer. A message goes the way the core's order notifications go: written to the
 * notification outbox in the caller's transaction (so it is sent if and only if the caller's change commits), sent in
 * the order's chat within the sending account's rate limit, retried, and recorded on the order's notifications. It
 * is skipped (and recorded as skipped) when the customer has opted out, when the order was not placed in a chat,
 * and outside a channel's customer-service window (WhatsApp's 24 hours), where only approved templates may go.
 */
export abstract class CustomerMessages {
  /** The contact who placed the order in a chat, or null (placed by staff for a walk-in, by a shop). */
  abstract customerOf(storeId: string, orderId: string): Promise<{ contactId: string } | null>;
  /** Queues the message in `tx`; it leaves once the transaction has committed. */
  abstract send(tx: TransactionContext, message: CustomerMessage): Promise<void>;
}
