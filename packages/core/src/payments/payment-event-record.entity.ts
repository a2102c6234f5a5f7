import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A provider webhook event already handled. The unique (provider, eventId) is what makes processing idempotent:
 * providers deliver at least once, sometimes twice at the same moment, and only one insert can win.
 */
@Entity('payment_event')
@Index(['provider', 'eventId'], { unique: true })
export class PaymentEventRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 30 })
  provider: string;

  @Column({ type: 'varchar', length: 200 })
  eventId: string;

  @Column({ type: 'varchar', length: 20 })
  kind: string;

  @Column({ type: 'uuid', nullable: true })
  orderId: string | null;

  @CreateDateColumn()
  createdAt: Date;
}
