import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, UpdateDateColumn } from 'typeorm';
import { StoreOwned } from '../stores/store-owned.entity';

/**
 * pending: written with the change that caused it, not yet on the queue; queued: handed to the queue; sent (then
 * delivered, read) or failed with the reason; skipped with the reason (opted out, outside the window without a
 * template, no chat to send to).
 */
export enum NotificationStatus {
  pending = 'pending',
  queued = 'queued',
  sent = 'sent',
  delivered = 'delivered',
  read = 'read',
  failed = 'failed',
  skipped = 'skipped',
}
registerEnumType(NotificationStatus, { name: 'NotificationStatus' });

export enum NotificationAudience {
  customer = 'customer',
  staff = 'staff',
}
registerEnumType(NotificationAudience, { name: 'NotificationAudience' });

/** One message to tell someone about an order: a row of the transactional outbox, then a record of its delivery. */
@ObjectType()
@Entity('notification')
@Index(['status', 'dueAt'])
@Index(['orderId', 'audience', 'sequence'])
@Index(['storeId', 'status', 'createdAt'])
// The provider's statuses (delivered, read, failed) for every message sent find its notification by it.
@Index(['messageId'])
export class Notification extends StoreOwned {
  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  orderId: string | null;

  @Field({ description: 'What it tells: order_accepted, out_for_delivery, staff_new_order, ... (NotificationEvent).' })
  @Column({ type: 'varchar', length: 40 })
  event: string;

  @Field(() => NotificationAudience)
  @Column({ type: 'varchar', length: 10 })
  audience: NotificationAudience;

  /** Per order and audience: a notification waits until every earlier one has been sent, failed or skipped. */
  @Column({ type: 'int' })
  sequence: number;

  /** What was known at the time of the change (a reason, an ETA, a link), for the template. */
  @Column({ type: 'simple-json' })
  values: Record<string, string>;

  /** Not to be sent before (payment reminders, alerts about orders left waiting). */
  @Field()
  @Column({ type: Date })
  dueAt: Date;

  @Field(() => NotificationStatus)
  @Column({ type: 'varchar', length: 10 })
  status: NotificationStatus;

  @Field(() => String, { nullable: true, description: 'Where it went: whatsapp, webchat, webhook, ...' })
  @Column({ type: 'varchar', length: 30, nullable: true })
  channel: string | null;

  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** Bumped by a retry from staff: the queue knows the earlier round's job id and would ignore it. */
  @Column({ type: 'int', default: 1 })
  round: number;

  @Field(() => String, { nullable: true, description: 'Why it failed or was skipped, or the last error while retrying.' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  /**
   * Set while a send is in flight. Found set when the job runs again, the process died mid-send and whether the
   * provider took the message is unknown until its status arrives.
   */
  @Column({ type: Date, nullable: true })
  sendingAt: Date | null;

  /** The conversation message it was sent as (customer notifications appear in the chat history). */
  @Column({ type: 'uuid', nullable: true })
  messageId: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  providerMessageId: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: Date, nullable: true })
  sentAt: Date | null;

  @Field()
  @CreateDateColumn()
  createdAt: Date;

  @Field()
  @UpdateDateColumn()
  updatedAt: Date;
}
