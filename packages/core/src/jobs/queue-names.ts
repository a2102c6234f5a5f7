/**
 * Every queue of the core, in one place. Each logical queue is its own BullMQ queue, so each keeps its own
 * concurrency, retries and rate limit. Plugins name theirs `<plugin>.<purpose>`.
 */
export const QueueNames = {
  /** Housekeeping of the platform itself (pruning finished jobs of the embedded queue, and the like). */
  maintenance: 'maintenance',
} as const;

export type QueueName = (typeof QueueNames)[keyof typeof QueueNames];
