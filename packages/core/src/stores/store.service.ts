import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { BadUserInputError, DomainError, NotFoundError } from '@parley/plugin-sdk';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import { type AvailabilityWindowInput, toWindows } from '../catalog/availability';
import { CurrencyChangeNotAllowedError } from '../catalog/catalog.errors';
import { Variant } from '../catalog/variant.entity';
import { Store, type StoreFaq, TaxMode, WhenClosed } from './store.entity';
import { isPhoneNumber } from '../conversations/phone-number';

export interface StoreSettingsInput {
  openingHours?: AvailabilityWindowInput[] | null;
  latitude?: number | null;
  longitude?: number | null;
  currency?: string | null;
  timeZone?: string | null;
  defaultLanguage?: string | null;
  taxMode?: TaxMode | null;
  taxRateBasisPoints?: number | null;
  closedDates?: string[] | null;
  whenClosed?: WhenClosed | null;
  faq?: StoreFaq | null;
  staffTimeoutMinutes?: number | null;
  staffAlertWhatsApp?: string | null;
  staffAlertWebhookUrl?: string | null;
  unacceptedAlertMinutes?: number | null;
  paymentReminderMinutes?: number | null;
}

function minutes(field: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max) throw new BadUserInputError(`${field} is a whole number of minutes from 1 to ${max}`);
  return value;
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

@Injectable()
export class StoreService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async create(input: { slug: string; name: string }): Promise<Store> {
    const slug = input.slug.trim().toLowerCase();
    const name = input.name.trim();
    if (!SLUG.test(slug)) {
      throw new BadUserInputError('A store slug is 1-64 lowercase letters, digits and dashes, e.g. "mario-pizza"');
    }
    if (!name) throw new BadUserInputError('A store needs a name');
    return this.unitOfWork.run(async (tx) => {
      if (await tx.manager.existsBy(Store, { slug })) {
        throw new DomainError('STORE_SLUG_TAKEN', `A store with the slug "${slug}" already exists`);
      }
      const store = await tx.manager.save(tx.manager.create(Store, { slug, name }));
      tx.publish('store.created', { storeId: store.id, slug: store.slug, name: store.name });
      return store;
    });
  }

  async get(storeId: string): Promise<Store> {
    const store = await this.dataSource.getRepository(Store).findOneBy({ id: storeId });
    if (!store) throw new NotFoundError('Store', storeId);
    return store;
  }

  findBySlug(slug: string): Promise<Store | null> {
    return this.dataSource.getRepository(Store).findOneBy({ slug });
  }

  count(): Promise<number> {
    return this.dataSource.getRepository(Store).count();
  }

  async rename(storeId: string, name: string): Promise<Store> {
    const trimmed = name.trim();
    if (!trimmed) throw new BadUserInputError('A store needs a name');
    return this.unitOfWork.run(async (tx) => {
      const store = await tx.manager.findOneByOrFail(Store, { id: storeId });
      store.name = trimmed;
      return tx.manager.save(store);
    });
  }

  /** Currency, time zone, language and tax: what prices, menus and totals depend on. Menu caches notice the change. */
  async updateSettings(storeId: string, input: StoreSettingsInput): Promise<Store> {
    return this.unitOfWork.run(async (tx) => {
      const store = await tx.manager.findOneByOrFail(Store, { id: storeId });
      if (input.currency) {
        const currency = input.currency.trim().toUpperCase();
        if (!CURRENCIES.has(currency)) throw new BadUserInputError(`"${input.currency}" is not an ISO 4217 currency code`);
        if (currency !== store.currency && (await tx.manager.existsBy(Variant, { storeId }))) {
          throw new CurrencyChangeNotAllowedError();
        }
        store.currency = currency;
      }
      if (input.timeZone) {
        if (!validTimeZone(input.timeZone)) throw new BadUserInputError(`"${input.timeZone}" is not an IANA time zone such as Europe/Rome`);
        store.timeZone = input.timeZone;
      }
      if (input.defaultLanguage) {
        const language = input.defaultLanguage.trim().toLowerCase();
        if (!/^[a-z]{2}$/.test(language)) throw new BadUserInputError(`"${input.defaultLanguage}" is not an ISO 639-1 language code`);
        store.defaultLanguage = language;
      }
      if (input.taxMode) store.taxMode = input.taxMode;
      if (input.openingHours !== undefined) store.openingHours = toWindows(input.openingHours);
      if ((input.latitude == null) !== (input.longitude == null)) throw new BadUserInputError('latitude and longitude go together');
      if (input.latitude != null && input.longitude != null) {
        if (Math.abs(input.latitude) > 90 || Math.abs(input.longitude) > 180) throw new BadUserInputError('latitude is -90..90 and longitude -180..180');
        store.latitude = input.latitude;
        store.longitude = input.longitude;
      }
      if (input.taxRateBasisPoints != null) {
        const rate = input.taxRateBasisPoints;
        if (!Number.isInteger(rate) || rate < 0 || rate > 10_000) {
          throw new BadUserInputError('taxRateBasisPoints is a whole number from 0 to 10000 (10000 = 100%)');
        }
        store.taxRateBasisPoints = rate;
      }
      if (input.closedDates != null) {
        const wrong = input.closedDates.find((date) => !DATE.test(date));
        if (wrong) throw new BadUserInputError(`closedDates: "${wrong}" is not a date such as 2026-12-25`);
        store.closedDates = [...new Set(input.closedDates)].sort();
      }
      if (input.whenClosed) store.whenClosed = input.whenClosed;
      if (input.faq) store.faq = { ...store.faq, ...input.faq };
      if (input.staffTimeoutMinutes != null) store.staffTimeoutMinutes = minutes('staffTimeoutMinutes', input.staffTimeoutMinutes, 7 * 24 * 60);
      if (input.unacceptedAlertMinutes != null) store.unacceptedAlertMinutes = minutes('unacceptedAlertMinutes', input.unacceptedAlertMinutes, 24 * 60);
      if (input.paymentReminderMinutes != null) store.paymentReminderMinutes = minutes('paymentReminderMinutes', input.paymentReminderMinutes, 23 * 60);
      if (input.staffAlertWhatsApp !== undefined) {
        const number = input.staffAlertWhatsApp?.replace(/[\s()+-]/g, '') || null;
        if (number && !isPhoneNumber(number)) throw new BadUserInputError('staffAlertWhatsApp is a phone number in international format, e.g. +39 06 1234 5678');
        store.staffAlertWhatsApp = number;
      }
      if (input.staffAlertWebhookUrl !== undefined) {
        const url = input.staffAlertWebhookUrl?.trim() || null;
        if (url && !/^https?:\/\/\S+$/.test(url)) throw new BadUserInputError('staffAlertWebhookUrl must be an http(s) URL');
        store.staffAlertWebhookUrl = url;
        store.staffAlertWebhookSecret ??= url ? randomBytes(32).toString('hex') : null;
      }
      store.catalogVersion += 1;
      tx.publish('catalog.changed', { storeId });
      return tx.manager.save(store);
    });
  }
}
