import { isWithinWindows, localTime } from '../catalog/availability';
import type { Store } from './store.entity';

type Hours = Pick<Store, 'openingHours' | 'closedDates' | 'timeZone'>;

// en-CA formats dates as YYYY-MM-DD, the shape closedDates are kept in.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function localDate(at: Date, timeZone: string): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, format);
  }
  return format.format(at);
}

/** Whether the store takes orders at that moment: inside its opening hours and not on one of its closed dates. */
export function isStoreOpen(store: Hours, at: Date): boolean {
  if (store.closedDates?.includes(localDate(at, store.timeZone))) return false;
  return isWithinWindows(store.openingHours, localTime(at, store.timeZone));
}

const STEP_MS = 5 * 60_000;

/** The next moment within a week the store opens (to the 5 minutes), or null when it stays closed that long. */
export function nextOpening(store: Hours, from: Date): Date | null {
  const start = Math.ceil(from.getTime() / STEP_MS) * STEP_MS;
  for (let at = start; at <= from.getTime() + 7 * 24 * 3600_000; at += STEP_MS) {
    if (isStoreOpen(store, new Date(at))) return new Date(at);
  }
  return null;
}
