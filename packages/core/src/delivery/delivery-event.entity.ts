import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Delivery } from './delivery.entity';

/** A step of a delivery ("picked up by Marco", "2 minutes away"), with where the driver was, if known. */
@ObjectType()
@Entity('delivery_event')
@Index(['deliveryId', 'createdAt'])
export class DeliveryEvent {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  deliveryId: string;

  @ManyToOne(() => Delivery, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'deliveryId' })
  delivery?: Delivery;

  @Field({ description: 'e.g. assigned, picked_up, nearby, delivered, failed' })
  @Column({ type: 'varchar', length: 50 })
  status: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 300, nullable: true })
  note: string | null;

  @Field(() => Float, { nullable: true })
  @Column({ type: 'double precision', nullable: true })
  latitude: number | null;

  @Field(() => Float, { nullable: true })
  @Column({ type: 'double precision', nullable: true })
  longitude: number | null;

  @Field()
  @CreateDateColumn()
  createdAt: Date;
}
