import type { Money } from '../money';
import { ProviderCallError } from '../provider-call-error';

/**
 * CRM connectors mirror contacts and orders into a CRM the store already runs. The core calls them from its
 * `crm-sync` job queue (on a contact's first message, an order placed, paid, and finished or called off) and keeps
 * the ids they return, per connector, handing them back on the next call.
 */
export interface CrmContact {
  storeId: string;
  /** The store's slug, as plugins' options name stores. */
  storeSlug: string;
  contactId: string;
  name?: string;
  /** International format with a leading `+` (`+393331234567`), when the customer writes from a phone number. */
  phone?: string;
  email?: string;
  /** The id this connector returned for the contact last time, if any. */
  crmId?: string;
}

/** Where the sale stands, for a CRM's deal stage: not paid yet, paid or delivered, or called off. */
export type CrmDealStage = 'open' | 'won' | 'lost';

export interface CrmOrder {
  storeId: string;
  storeSlug: string;
  orderId: string;
  /** As customers see it: `#1001`, unique within the store. */
  orderNumber: string;
  /** The contact, with the `crmId` this connector gave it. */
  contact: CrmContact & { crmId: string };
  total: Money;
  /** The order's own status (`placed`, `confirmed`, `delivered`, `cancelled`, ...). */
  status: string;
  stage: CrmDealStage;
  /** The id this connector returned for the order last time, if any. */
  crmId?: string;
}

export interface CrmConnector {
  readonly code: string;
  /** Whether this store syncs to this CRM (options usually map stores to accounts). Absent: every store. */
  servesStore?(store: { storeId: string; storeSlug: string }): boolean;
  /**
   * Creates or updates the contact (by `crmId`, else found by phone, then e-mail) and returns the CRM's id for it.
   * Throws `CrmSyncError` when the CRM refuses or can't be reached.
   */
  upsertContact(contact: CrmContact): Promise<{ crmId: string }>;
  /**
   * Records the order (a deal) against the contact, or updates it: calling it again for the same order, even after a
   * call whose answer was lost, must not record it twice. Returns the CRM's id for it.
   */
  recordOrder(order: CrmOrder): Promise<{ crmId: string }>;
}

/**
 * Thrown by a connector when the CRM did not take a call: retryable or not as `ProviderCallError` says. The message is
 * logged and kept: it must carry no personal data (names, phone numbers, e-mail addresses).
 */
export class CrmSyncError extends ProviderCallError {
  override readonly name = 'CrmSyncError';
}
