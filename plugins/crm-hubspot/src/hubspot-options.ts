import { z } from '@parley/plugin-sdk';

const stage = (fallback: string) => z.string().min(1, 'must be the internal id of a deal stage of the pipeline').default(fallback);

const account = z.object({
  /** The store whose customers and orders go to this HubSpot account. */
  storeSlug: z.string().min(1, 'must name the store whose contacts and orders go to this HubSpot account'),
  /** A private app's access token with crm.objects.contacts.read/write and crm.objects.deals.read/write. */
  accessToken: z.string().regex(/^pat-[a-z0-9]+-[A-Za-z0-9-]+$/, "must be a HubSpot private app's access token (pat-...)"),
  /** The internal id of the deals' pipeline: `default` is HubSpot's own "Sales Pipeline". */
  pipeline: z.string().min(1, 'must be the internal id of a deal pipeline, such as default').default('default'),
  /** The pipeline's stage for an order not paid yet, for a paid or delivered one, and for one called off. */
  dealStages: z
    .object({ open: stage('appointmentscheduled'), won: stage('closedwon'), lost: stage('closedlost') })
    .default({ open: 'appointmentscheduled', won: 'closedwon', lost: 'closedlost' }),
});

export const hubSpotOptions = z.object({
  accounts: z
    .array(account)
    .min(1, 'must list at least one HubSpot account ({ storeSlug, accessToken })')
    .refine((list) => new Set(list.map((entry) => entry.storeSlug)).size === list.length, 'must not list the same storeSlug twice'),
  apiBaseUrl: z
    .string()
    .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, 'must be an http(s) base URL such as https://api.hubapi.com')
    .transform((url) => url.replace(/\/+$/, ''))
    .default('https://api.hubapi.com'),
  requestTimeoutMs: z.number().int('must be a whole number of milliseconds').min(100, 'must be at least 100 ms').max(120_000, 'must be at most 120000 ms').default(10_000),
});

export type HubSpotOptions = z.infer<typeof hubSpotOptions>;
export type HubSpotAccount = HubSpotOptions['accounts'][number];
