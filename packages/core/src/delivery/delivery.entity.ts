import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, JoinColumn, OneToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Order } from '../orders/order.entity';

/** How an order travels to the customer: the courier, driver, tracking and ETA. One per delivery order. */
@ObjectType()
@Entity('delivery')
export class Delivery {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', unique: true })
  orderId: string;

  @OneToOne(() => Order, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'orderId' })
  order?: Order;

  @Column({ type: 'uuid' })
  storeId: string;

  @Field({ description: "own: the store's riders; else a courier plugin's code." })
  @Column({ type: 'varchar', length: 50, default: 'own' })
  courier: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 100, nullable: true })
  driverName: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 50, nullable: true })
  driverPhone: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 100, nullable: true })
  trackingNumber: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  trackingUrl: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: Date, nullable: true })
  eta: Date | null;

  @Field()
  @UpdateDateColumn()
  updatedAt: Date;
}
