import { z } from '@parley/plugin-sdk';

const account = z.object({
  /** The business phone number's id in the Cloud API (not the phone number itself): WhatsApp Manager → API Setup. */
  phoneNumberId: z.string().regex(/^\d+$/, 'must be the numeric phone number id from the WhatsApp Manager, not the phone number'),
  /** The store this number sells for. */
  storeSlug: z.string().min(1, 'must name the store this number belongs to'),
  /** A system user's permanent token with whatsapp_business_messaging (and catalog_management for product messages). */
  accessToken: z.string().min(1, 'must be a Graph API access token (a system user token)'),
  /** The Commerce Manager catalog linked to this number's WhatsApp Business Account; enables product messages. */
  catalogId: z.string().regex(/^\d+$/, 'must be the numeric Commerce Manager catalog id').optional(),
});

export const whatsAppOptions = z.object({
  /** The Meta app's secret: webhooks are signed with it (X-Hub-Signature-256). */
  appSecret: z.string().min(1, "must be the Meta app's secret (App settings → Basic)"),
  /** The token typed into the webhook configuration, echoed by Meta in the verification handshake. */
  verifyToken: z.string().min(1, 'must be the verify token typed into the webhook configuration'),
  graphApiBaseUrl: z
    .string()
    .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, 'must be an http(s) base URL such as https://graph.facebook.com')
    .transform((url) => url.replace(/\/+$/, ''))
    .default('https://graph.facebook.com'),
  apiVersion: z.string().regex(/^v\d+\.\d+$/, 'must be a Graph API version such as v21.0').default('v21.0'),
  accounts: z
    .array(account)
    .min(1, 'must list at least one WhatsApp number ({ phoneNumberId, storeSlug, accessToken })')
    .refine((list) => new Set(list.map((entry) => entry.phoneNumberId)).size === list.length, 'must not list the same phoneNumberId twice'),
  requestTimeoutMs: z.number().int('must be a whole number of milliseconds').min(100, 'must be at least 100 ms').max(120_000, 'must be at most 120000 ms').default(10_000),
});

export type WhatsAppOptions = z.infer<typeof whatsAppOptions>;
export type WhatsAppAccount = WhatsAppOptions['accounts'][number];
