import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** One stamp per paid order: the primary key is what makes a payment event delivered twice count once. */
@Entity('loyalty_stamp')
@Index('IDX_loyalty_stamp_contact', ['contactId'])
export class LoyaltyStamp {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  orderId: string;

  @Column({ type: 'varchar', length: 36 })
  storeId: string;

  @Column({ type: 'varchar', length: 36 })
  contactId: string;

  @CreateDateColumn()
  createdAt: Date;
}
