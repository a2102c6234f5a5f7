import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Order } from '../orders/order.entity';

export type PaymentLinkStatus = 'open' | 'pending' | 'paid' | 'failed' | 'expired';

/** One payment link sent for an order (a Stripe Checkout Session, say). An order may need a new one after expiry. */
@ObjectType('PaymentLink')
@Entity('payment')
@Index(['provider', 'providerReference'], { unique: true })
@Index(['orderId', 'createdAt'])
export class Payment {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  storeId: string;

  @Column({ type: 'uuid' })
  orderId: string;

  @ManyToOne(() => Order, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'orderId' })
  order?: Order;

  @Field()
  @Column({ type: 'varchar', length: 30 })
  provider: string;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  providerReference: string;

  @Field()
  @Column({ type: 'varchar', length: 1000 })
  url: string;

  @Field(() => String, { description: 'open, pending (async payment under way), paid, failed or expired.' })
  @Column({ type: 'varchar', length: 20, default: 'open' })
  status: PaymentLinkStatus;

  @Column({ type: 'int' })
  amount: number;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Field()
  @Column({ type: Date })
  expiresAt: Date;

  @Field()
  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
