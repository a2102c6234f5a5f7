/**
 * Every queue of the core, in one place. Each logical queue is its own BullMQ queue, so each keeps its own
 * concurrency, retries and rate limit. Plugins name theirs `<plugin>.<purpose>`.
 */
export const QueueNames = {
  /** Resizing uploaded product images into the renditions channels need. */
  images: 'images',
} as const;
