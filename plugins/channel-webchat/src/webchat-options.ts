import { z } from '@parley/plugin-sdk';

const origin = z
  .string()
  .regex(/^(\*|https?:\/\/[^/\s?#]+)$/, 'must be "*" or an origin such as https://pizzeria.example (scheme, host, optional port; no path)')
  .transform((value) => value.toLowerCase());

const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour as #rrggbb');

export const webchatOptions = z.object({
  /**
   * The sites whose pages may open the chat, as browsers report them in the Origin header. Unset: any site outside
   * production, and only the platform's own hosted page in production.
   */
  allowedOrigins: z.array(origin).min(1, 'must list at least one origin, or be left out').optional(),
  /** The chat panel's heading. */
  title: z.string().min(1, 'must not be empty').max(60).default('Chat with us'),
  accentColor: colour.default('#c0392b'),
  /** Shown to a visitor before the first message, by the widget itself (the store has said nothing yet). */
  greeting: z.string().min(1, 'must not be empty').max(300).default('Hi! Ask for the menu or tell us what you would like.'),
});

export type WebchatOptions = z.infer<typeof webchatOptions>;
