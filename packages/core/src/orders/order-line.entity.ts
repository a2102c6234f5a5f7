import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Order } from './order.entity';

export interface OrderLineModifier {
  id: string;
  name: string;
  priceDeltaAmount: number;
}

/** One line of an order, as it was when placed: names and prices are copies, so later catalog edits change nothing. */
@ObjectType()
@Entity('order_line')
@Index(['orderId'])
export class OrderLine {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  orderId: string;

  @ManyToOne(() => Order, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'orderId' })
  order?: Order;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  variantId: string;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  sku: string;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  productName: string;

  @Field({ description: 'e.g. "large"; empty for a product without options.' })
  @Column({ type: 'varchar', length: 200 })
  variantLabel: string;

  @Column({ type: 'simple-json' })
  modifiers: OrderLineModifier[];

  @Field(() => Int)
  @Column({ type: 'int' })
  quantity: number;

  /** Per unit, modifiers included. */
  @Column({ type: 'int' })
  unitAmount: number;

  @Column({ type: 'int' })
  lineAmount: number;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  /** Whether placing the order took this quantity off stock (so cancelling gives it back). */
  @Column({ type: 'boolean', default: false })
  stockReserved: boolean;
}
