import { isIP } from 'node:net';
import { isPrivateAddress } from '@parley/plugin-sdk';
import { InvalidWebhookUrlError } from '../webhooks.errors';

const MAX_URL_LENGTH = 2048;

function isInternalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return isIP(host) !== 0 && isPrivateAddress(host);
}

/**
 * The URL as it will be called, or an INVALID_WEBHOOK_URL error saying what is wrong with it. Only https:// on a
 * public host, unless `allowInsecure` (development, tests) also lets http:// and loopback or private hosts through.
 * Host names are checked again when a request is sent, against the addresses they resolve to then.
 */
export function checkWebhookUrl(raw: string, allowInsecure: boolean): string {
  const text = raw.trim();
  if (text.length > MAX_URL_LENGTH) throw new InvalidWebhookUrlError(`is longer than ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidWebhookUrlError('is not a URL (e.g. https://example.com/parley)');
  }
  const allowed = allowInsecure ? ['https:', 'http:'] : ['https:'];
  if (!allowed.includes(url.protocol)) throw new InvalidWebhookUrlError(`must start with ${allowInsecure ? 'https:// or http://' : 'https://'}`);
  // They would be sent along as Basic auth to wherever the URL leads; the signature is what proves who is calling.
  if (url.username || url.password) throw new InvalidWebhookUrlError('must not contain a user name or password');
  if (!allowInsecure && isInternalHost(url.hostname)) throw new InvalidWebhookUrlError('must point to a public host, not a loopback or private address');
  return url.toString();
}
