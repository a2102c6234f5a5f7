import { Field, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index } from 'typeorm';
import { StoreOwned } from '../stores/store-owned.entity';

/** How a contact is known on one channel: a WhatsApp number, a web chat visitor, a Telegram chat. */
@ObjectType()
@Entity('contact_identity')
@Index(['storeId', 'channel', 'channelUserId'], { unique: true })
@Index(['contactId'])
export class ContactIdentity extends StoreOwned {
  @Column({ type: 'uuid' })
  contactId: string;

  @Field()
  @Column({ type: 'varchar', length: 30 })
  channel: string;

  @Field({ description: 'The customer on that channel: a phone number, a chat id, a visitor id.' })
  @Column({ type: 'varchar', length: 100 })
  channelUserId: string;

  /** The customer's own last message here: it opens WhatsApp's 24-hour window for free-form messages. */
  @Field(() => Date, { nullable: true })
  @Column({ type: Date, nullable: true })
  lastCustomerMessageAt: Date | null;

  @Field()
  @CreateDateColumn()
  createdAt: Date;
}
