import { Inject, Injectable } from '@nestjs/common';
import { type CrmConnector, type CrmContact, type CrmOrder, CrmSyncError, type Money, PLUGIN_OPTIONS } from '@parley/plugin-sdk';
import type { HubSpotAccount, HubSpotOptions } from '../hubspot-options';
import { type HubSpotObject, type HubSpotObjectType, HubSpotApiClient } from './hubspot-api.client';

/** HubSpot's own association type of a deal to a contact. */
export const DEAL_TO_CONTACT = 3;

const CONTACT_PROPERTIES = ['firstname', 'lastname', 'phone', 'email'];

/** Decimal places of a currency's minor unit, as ISO 4217 has them (EUR 2, JPY 0, KWD 3). */
function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    throw new CrmSyncError(`"${currency}" is not an ISO 4217 currency code`, false, undefined, 'invalid_currency');
  }
}

/** HubSpot's `amount` is a decimal string in major units: 1250 EUR cents are "12.50". Integer arithmetic, no floats. */
export function majorUnits(money: Money): string {
  if (!Number.isSafeInteger(money.amount)) throw new CrmSyncError('An amount must be an integer number of minor units', false, undefined, 'invalid_amount');
  const digits = minorDigits(money.currency);
  const sign = money.amount < 0 ? '-' : '';
  const units = String(Math.abs(money.amount));
  if (digits === 0) return `${sign}${units}`;
  const padded = units.padStart(digits + 1, '0');
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/** Unique per store: the order's number and the store's slug, for accounts that several stores share. */
export const dealName = (order: Pick<CrmOrder, 'orderNumber' | 'storeSlug'>) => `Order ${order.orderNumber} (${order.storeSlug})`;

function nameProperties(name: string | undefined): Record<string, string> {
  const [first, ...rest] = (name ?? '').trim().split(/\s+/);
  if (!first) return {};
  return rest.length ? { firstname: first, lastname: rest.join(' ') } : { firstname: first };
}

/**
 * Customers as HubSpot contacts and orders as deals, through the CRM v3 API, each store in the HubSpot account its
 * options give it. A contact is found by the id kept from last time, else by phone, then by e-mail, and only created
 * when none matches. A deal is found by that id, else by its name (which carries the order number), so a call
 * repeated after a lost answer updates the deal instead of making a second one.
 */
@Injectable()
export class HubSpotCrmConnector implements CrmConnector {
  readonly code = 'hubspot';

  constructor(
    @Inject(PLUGIN_OPTIONS) private readonly options: HubSpotOptions,
    private readonly api: HubSpotApiClient,
  ) {}

  servesStore(store: { storeSlug: string }): boolean {
    return this.options.accounts.some((account) => account.storeSlug === store.storeSlug);
  }

  async upsertContact(contact: CrmContact): Promise<{ crmId: string }> {
    const account = this.account(contact.storeSlug);
    const reachable: Record<string, string> = {
      ...(contact.phone ? { phone: contact.phone } : {}),
      ...(contact.email ? { email: contact.email } : {}),
    };
    if (contact.crmId && (Object.keys(reachable).length === 0 || (await this.api.update(account, 'contacts', contact.crmId, reachable)))) {
      return { crmId: contact.crmId };
    }
    const found = await this.findContact(account, contact);
    if (found) {
      // People edit names in HubSpot, while a chat only gives a profile name: a known contact keeps its own.
      const named = found.properties.firstname || found.properties.lastname;
      if (await this.refresh(account, 'contacts', found, { ...(named ? {} : nameProperties(contact.name)), ...reachable })) return { crmId: found.id };
    }
    const created = await this.api.create(account, 'contacts', { ...nameProperties(contact.name), ...reachable });
    return { crmId: created.id };
  }

  async recordOrder(order: CrmOrder): Promise<{ crmId: string }> {
    const account = this.account(order.storeSlug);
    const properties = {
      dealname: dealName(order),
      amount: majorUnits(order.total),
      deal_currency_code: order.total.currency.toUpperCase(),
      pipeline: account.pipeline,
      dealstage: account.dealStages[order.stage],
    };
    if (order.crmId && (await this.api.update(account, 'deals', order.crmId, properties))) return { crmId: order.crmId };
    // A deal whose creation answered with an error (a timeout, a 5xx) may exist all the same: look for it by name.
    const found = await this.api.findBy(account, 'deals', 'dealname', properties.dealname, Object.keys(properties));
    if (found && (await this.refresh(account, 'deals', found, properties))) return { crmId: found.id };
    const created = await this.api.create(account, 'deals', properties, [
      { to: { id: order.contact.crmId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: DEAL_TO_CONTACT }] },
    ]);
    return { crmId: created.id };
  }

  private account(storeSlug: string): HubSpotAccount {
    const account = this.options.accounts.find((candidate) => candidate.storeSlug === storeSlug);
    if (!account) throw new CrmSyncError(`No HubSpot account is configured for the store "${storeSlug}"`, false, undefined, 'unknown_store');
    return account;
  }

  /** Sends what HubSpot does not have yet; false when the object is gone (deleted or merged away). */
  private async refresh(account: HubSpotAccount, type: HubSpotObjectType, found: HubSpotObject, wanted: Record<string, string>): Promise<boolean> {
    const update = Object.fromEntries(Object.entries(wanted).filter(([key, value]) => found.properties[key] !== value));
    return Object.keys(update).length === 0 || this.api.update(account, type, found.id, update);
  }

  private async findContact(account: HubSpotAccount, contact: CrmContact): Promise<HubSpotObject | undefined> {
    const byPhone = contact.phone ? await this.api.findBy(account, 'contacts', 'phone', contact.phone, CONTACT_PROPERTIES) : undefined;
    return byPhone ?? (contact.email ? await this.api.findBy(account, 'contacts', 'email', contact.email, CONTACT_PROPERTIES) : undefined);
  }
}
