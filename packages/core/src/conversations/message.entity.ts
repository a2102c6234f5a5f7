import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { InboundContent, OutboundContent } from '@parley/plugin-sdk';
import { Column, CreateDateColumn, Entity, Index } from 'typeorm';
import { StoreOwned } from '../stores/store-owned.entity';

export enum MessageAuthor {
  customer = 'customer',
  assistant = 'assistant',
  staff = 'staff',
  system = 'system',
}
registerEnumType(MessageAuthor, { name: 'MessageAuthor' });

/** received: a customer's message; pending → sent → delivered → read for ours, or failed with the reason. */
export enum MessageStatus {
  received = 'received',
  pending = 'pending',
  sent = 'sent',
  delivered = 'delivered',
  read = 'read',
  failed = 'failed',
}
registerEnumType(MessageStatus, { name: 'MessageStatus' });

/** One message of a conversation, in or out, in the channel-neutral shape. */
@ObjectType()
@Entity('message')
@Index(['conversationId', 'createdAt'])
@Index(['providerMessageId'])
export class Message extends StoreOwned {
  @Column({ type: 'uuid' })
  conversationId: string;

  @Field(() => MessageAuthor)
  @Column({ type: 'varchar', length: 10 })
  author: MessageAuthor;

  /** The staff member (API key id) who wrote it. */
  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  authorId: string | null;

  @Column({ type: 'simple-json' })
  content: InboundContent | OutboundContent;

  @Field({ description: 'The message as plain text: what a list of conversations shows.' })
  @Column({ type: 'text' })
  text: string;

  @Field(() => String, { description: 'text, reply, cart, location, media, contacts, unknown, buttons, list, ...' })
  get type(): string {
    return this.content.type;
  }

  /** Where an inbound picture or document is kept (FileStorage key). */
  @Column({ type: 'varchar', length: 300, nullable: true })
  mediaKey: string | null;

  /** The received record it came from: processing it twice finds it here instead of storing it twice. */
  @Index({ unique: true })
  @Column({ type: 'int', nullable: true })
  receivedMessageId: number | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  providerMessageId: string | null;

  @Field(() => MessageStatus)
  @Column({ type: 'varchar', length: 10 })
  status: MessageStatus;

  @Field(() => String, { nullable: true, description: 'Why it failed, as the provider said.' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: Date, nullable: true })
  statusAt: Date | null;

  @Field()
  @CreateDateColumn()
  createdAt: Date;
}
