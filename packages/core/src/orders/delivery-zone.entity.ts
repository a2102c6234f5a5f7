import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index } from 'typeorm';
import { StoreOwned } from '../stores/store-owned.entity';

/** Where a store delivers: a list of postcodes, or a radius around the store; each with its fee and minimum order. */
@ObjectType()
@Entity('delivery_zone')
@Index(['storeId', 'position'])
export class DeliveryZone extends StoreOwned {
  @Field()
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Field(() => [String], { nullable: true, description: 'Postcodes served, compared without spaces and case.' })
  @Column({ type: 'simple-json', nullable: true })
  postcodes: string[] | null;

  @Field(() => Int, { nullable: true, description: 'Or: served within this many metres of the store.' })
  @Column({ type: 'int', nullable: true })
  radiusMeters: number | null;

  @Column({ type: 'int', default: 0 })
  feeAmount: number;

  @Column({ type: 'int', default: 0 })
  minimumOrderAmount: number;

  @Field(() => Int, { description: 'Zones are tried in this order; the first that serves the address applies.' })
  @Column({ type: 'int', default: 0 })
  position: number;

  @CreateDateColumn()
  createdAt: Date;
}
