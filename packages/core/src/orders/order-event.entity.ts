import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Order } from './order.entity';
import { OrderStatus } from './order-status';

export enum ActorType {
  customer = 'customer',
  staff = 'staff',
  system = 'system',
  plugin = 'plugin',
}
registerEnumType(ActorType, { name: 'ActorType' });

export interface Actor {
  type: ActorType;
  /** The API key, contact or plugin behind it, when known. */
  id: string | null;
}

/** One entry of an order's timeline: what happened, who did it, when. */
@ObjectType()
@Entity('order_event')
@Index(['orderId', 'createdAt'])
export class OrderEvent {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  orderId: string;

  @ManyToOne(() => Order, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'orderId' })
  order?: Order;

  @Field(() => OrderStatus, { nullable: true })
  @Column({ type: 'varchar', length: 20, nullable: true })
  fromStatus: OrderStatus | null;

  @Field(() => OrderStatus)
  @Column({ type: 'varchar', length: 20 })
  toStatus: OrderStatus;

  @Field(() => ActorType)
  @Column({ type: 'varchar', length: 20 })
  actorType: ActorType;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  actorId: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Field()
  @CreateDateColumn()
  createdAt: Date;
}
