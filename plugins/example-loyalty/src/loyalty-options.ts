import { z } from '@parley/plugin-sdk';

export const loyaltyOptions = z.object({
  /** Paid orders per reward. */
  stampsPerReward: z.number().int().min(2).max(100).default(8),
  /** What the customer is told when a card is full. */
  rewardMessage: z.string().trim().min(1, 'must not be empty').max(1000).default("You've earned a free pizza! Just ask for it with your next order."),
});

export type LoyaltyOptions = z.infer<typeof loyaltyOptions>;
