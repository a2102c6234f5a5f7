import type { InboundMessage } from '@parley/plugin-sdk';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A message exactly as a channel's webhook delivered it, stored before it is answered and kept for inspection.
 * The unique (channel, providerMessageId) makes a provider's repeated delivery a no-op; the increasing id is the
 * order in which a conversation's messages are handled.
 */
@Entity('received_message')
@Index(['channel', 'providerMessageId'], { unique: true })
@Index(['storeId', 'channel', 'channelUserId', 'processedAt'])
export class ReceivedMessage {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ type: 'uuid' })
  storeId: string;

  @Column({ type: 'varchar', length: 30 })
  channel: string;

  @Column({ type: 'varchar', length: 100 })
  channelUserId: string;

  @Column({ type: 'varchar', length: 200 })
  providerMessageId: string;

  /** The provider's order of its messages (Telegram's update_id), where it has one: handled in this order. */
  @Column({ type: 'bigint', nullable: true, transformer: { to: (value: number | null) => value, from: (value: string | number | null) => (value === null ? null : Number(value)) } })
  sequence: number | null;

  @Column({ type: 'simple-json' })
  message: Omit<InboundMessage, 'raw'>;

  @Column({ type: 'simple-json', nullable: true })
  raw: object | null;

  @Column({ type: Date })
  receivedAt: Date;

  /** Set once the conversation has handled it (stored it as a Message and answered). */
  @Column({ type: Date, nullable: true })
  processedAt: Date | null;
}
