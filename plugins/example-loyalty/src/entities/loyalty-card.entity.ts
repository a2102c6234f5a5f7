import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A customer's running totals. Stamps are counted here, by an UPDATE that locks the row, rather than by counting
 * stamp rows: two orders paid at once then can't both see the same count and both miss (or both earn) a reward.
 */
@Entity('loyalty_card')
export class LoyaltyCard {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  contactId: string;

  @Column({ type: 'varchar', length: 36 })
  storeId: string;

  /** Every stamp ever given. */
  @Column({ type: 'int', default: 0 })
  stamps: number;

  /** Rewards earned, each told to the customer once. */
  @Column({ type: 'int', default: 0 })
  rewards: number;

  @UpdateDateColumn()
  updatedAt: Date;
}
