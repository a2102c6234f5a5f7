/**
 * Every queue of the core, in one place. Each logical queue is its own BullMQ queue, so each keeps its own
 * concurrency, retries and rate limit. Plugins name theirs `<plugin>.<purpose>`.
 */
export const QueueNames = {
  /** Resizing uploaded product images into the renditions channels need. */
  images: 'images',
  /** Handling customers' messages, one conversation at a time, in the order received. */
  conversations: 'conversations',
  /** Sending messages to customers through their channel, retried when the provider can't take them now. */
  channelSends: 'channel-sends',
  /** Telling customers about their orders (notifications of the outbox). */
  customerNotifications: 'customer-notifications',
  /** Telling staff about new orders and orders left waiting. */
  staffAlerts: 'staff-alerts',
  /** Mirroring contacts and orders into the CRMs of CRM plugins. */
  crmSync: 'crm-sync',
  /** Importing shops' catalogs (full, changes, webhook products) from shop plugins. */
  shopSync: 'shop-sync',
  /** Pushing orders to the back office of shop plugins' shops. */
  shopOrders: 'shop-orders',
} as const;
