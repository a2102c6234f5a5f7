import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, UpdateDateColumn } from 'typeorm';
import { StoreOwned } from '../stores/store-owned.entity';
import type { Fulfilment } from './cart.entity';
import { OrderStatus } from './order-status';

export type PaymentStatus = 'unpaid' | 'pending' | 'paid' | 'failed' | 'refunded' | 'partially_refunded';

/** A placed order: a snapshot of what was bought at which price, and where it stands. */
@ObjectType()
@Entity('order')
@Index(['storeId', 'number'], { unique: true })
@Index(['storeId', 'createdAt'])
@Index(['storeId', 'status'])
@Index(['storeId', 'channel'])
export class Order extends StoreOwned {
  @Field(() => Int, { description: 'Short human number per store: #1042.' })
  @Column({ type: 'int' })
  number: number;

  @Field({ description: 'Non-guessable code for public tracking (/t/<code>).' })
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 16 })
  publicCode: string;

  @Field(() => OrderStatus)
  @Column({ type: 'varchar', length: 20 })
  status: OrderStatus;

  @Field(() => Int, { description: 'Increases with every change; pass it back as expectedVersion to detect conflicts.' })
  @Column({ type: 'int', default: 1 })
  version: number;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  customerRef: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  customerName: string | null;

  @Field({ description: 'Where it was ordered: api, whatsapp, webchat, telegram, ...' })
  @Column({ type: 'varchar', length: 30, default: 'api' })
  channel: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 50, nullable: true })
  customerPhone: string | null;

  @Column({ type: 'simple-json' })
  fulfilment: Fulfilment;

  @Column({ type: 'int' })
  subtotalAmount: number;

  @Column({ type: 'int' })
  deliveryFeeAmount: number;

  @Column({ type: 'int' })
  taxAmount: number;

  @Column({ type: 'int' })
  tipAmount: number;

  @Column({ type: 'int' })
  totalAmount: number;

  @Column({ type: 'int', default: 0 })
  refundedAmount: number;

  @Field()
  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Field({ description: 'cash, pay_at_pickup, or a payment plugin code such as stripe.' })
  @Column({ type: 'varchar', length: 30 })
  paymentMethod: string;

  @Field(() => String, { description: 'unpaid, pending, paid, failed, refunded or partially_refunded.' })
  @Column({ type: 'varchar', length: 20, default: 'unpaid' })
  paymentStatus: PaymentStatus;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  statusReason: string | null;

  @Field()
  @CreateDateColumn()
  createdAt: Date;

  @Field()
  @UpdateDateColumn()
  updatedAt: Date;
}
