import type { Money } from '../money';

/** CRM connectors mirror contacts and orders into a CRM the store already runs. */
export interface CrmContact {
  storeId: string;
  contactId: string;
  name?: string;
  phone?: string;
  email?: string;
  crmId?: string;
}

export interface CrmOrder {
  storeId: string;
  orderId: string;
  orderNumber: string;
  contact: CrmContact;
  total: Money;
  status: string;
}

export interface CrmConnector {
  readonly code: string;
  /** Creates or updates the contact (by phone, then e-mail) and returns the CRM's id for it. */
  upsertContact(contact: CrmContact): Promise<{ crmId: string }>;
  recordOrder(order: CrmOrder): Promise<void>;
}
