import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares a secret a webhook request carries (a verify token, Telegram's secret token header) with the configured
 * one in constant time, whatever their lengths: both are hashed to the same length first.
 */
export function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
