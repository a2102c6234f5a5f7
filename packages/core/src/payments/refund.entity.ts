import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Order } from '../orders/order.entity';

/** Money given back on an order, whole or in part, through its payment provider or in cash. */
@ObjectType()
@Entity('refund')
@Index(['orderId', 'createdAt'])
export class Refund {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  orderId: string;

  @ManyToOne(() => Order, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'orderId' })
  order?: Order;

  @Field(() => Int, { description: 'Minor units of the order currency.' })
  @Column({ type: 'int' })
  amount: number;

  @Field({ description: 'The provider that paid it back, or cash.' })
  @Column({ type: 'varchar', length: 30 })
  method: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  providerRefundId: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Field(() => String, { nullable: true, description: 'The API key that asked for it.' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  requestedBy: string | null;

  @Field()
  @CreateDateColumn()
  createdAt: Date;
}
