import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, UpdateDateColumn } from 'typeorm';
import { StoreOwned } from '../stores/store-owned.entity';
import type { AssistantState } from './assistant/assistant-state';
import { ConversationStatus } from './conversation-status';

/** One customer's thread with the store on one channel: every message, who answers it, and what is unread. */
@ObjectType()
@Entity('conversation')
@Index(['storeId', 'channel', 'channelUserId'], { unique: true })
@Index(['storeId', 'lastMessageAt'])
@Index(['storeId', 'status'])
export class Conversation extends StoreOwned {
  @Field(() => ID)
  @Column({ type: 'uuid' })
  contactId: string;

  @Field()
  @Column({ type: 'varchar', length: 30 })
  channel: string;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  channelUserId: string;

  /** The store's account the customer wrote to (a WhatsApp phone number id): replies leave from it. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  accountId: string | null;

  @Field(() => ConversationStatus)
  @Column({ type: 'varchar', length: 20, default: ConversationStatus.assistant })
  status: ConversationStatus;

  @Field(() => ID, { nullable: true, description: 'The staff member (API key id) it is assigned to.' })
  @Column({ type: 'varchar', length: 64, nullable: true })
  assignedTo: string | null;

  @Field(() => Int, { description: 'Customer messages staff have not read yet.' })
  @Column({ type: 'int', default: 0 })
  unreadCount: number;

  @Field(() => Date, { nullable: true })
  @Column({ type: Date, nullable: true })
  lastMessageAt: Date | null;

  /** When staff took over: the assistant speaks again after the store's timeout. */
  @Column({ type: Date, nullable: true })
  staffSince: Date | null;

  /** Where the ordering dialog stands: the cart, the question asked, the choices offered. */
  @Column({ type: 'simple-json', nullable: true })
  assistantState: AssistantState | null;

  /** One processor at a time handles a conversation's messages, in order; a crashed holder's lease runs out. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  leaseOwner: string | null;

  @Column({ type: Date, nullable: true })
  leaseUntil: Date | null;

  @Field()
  @CreateDateColumn()
  createdAt: Date;

  @Field()
  @UpdateDateColumn()
  updatedAt: Date;
}
