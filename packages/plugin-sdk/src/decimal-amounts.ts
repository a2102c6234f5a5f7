import type { Money } from './money';

/** How many decimals a currency's amounts have: 2 for EUR, 0 for JPY, 3 for KWD (ISO 4217, as Intl knows it). */
export function currencyDigits(currency: string): number {
  if (!/^[A-Z]{3}$/.test(currency) || !Intl.supportedValuesOf('currency').includes(currency)) {
    throw new RangeError(`"${currency}" is not an ISO 4217 currency code such as EUR`);
  }
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * A provider's decimal string ("12.50", "12.5", "12") in minor units of the currency (1250 for EUR), read as text,
 * never through a float. More decimals than the currency has are refused (RangeError) rather than rounded, unless
 * they are zeros ("12.5000" from a shop that stores four).
 */
export function decimalToMinorUnits(text: string, currency: string): number {
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new RangeError(`"${text}" is not a decimal amount such as 12.50`);
  const [, sign, whole, rawFraction = ''] = match;
  const digits = currencyDigits(currency);
  const fraction = rawFraction.replace(/0+$/, '');
  if (fraction.length > digits) throw new RangeError(`"${text}" has more decimals than ${currency} has (${digits})`);
  const amount = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(amount)) throw new RangeError(`"${text}" is too large an amount`);
  return sign && amount !== 0 ? -amount : amount;
}

/** Minor units as a provider's decimal string: 1250 EUR is "12.50", 500 JPY is "500". */
export function minorUnitsToDecimal(money: Money): string {
  if (!Number.isSafeInteger(money.amount)) throw new RangeError('An amount must be an integer number of minor units');
  const digits = currencyDigits(money.currency);
  const sign = money.amount < 0 ? '-' : '';
  const units = String(Math.abs(money.amount)).padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${units}` : `${sign}${units.slice(0, -digits)}.${units.slice(-digits)}`;
}
