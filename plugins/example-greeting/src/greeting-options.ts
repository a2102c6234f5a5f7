import { z } from '@parley/plugin-sdk';

export const greetingOptions = z.object({
  greeting: z.string().min(1, 'must not be empty').max(100).default('Welcome'),
  signature: z.string().max(100).optional(),
});

export type GreetingOptions = z.infer<typeof greetingOptions>;
