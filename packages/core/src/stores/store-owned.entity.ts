import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Store } from './store.entity';

/** What every tenant's row has: its own id and the store it belongs to (deleted with the store). */
@ObjectType({ isAbstract: true })
export abstract class StoreOwned {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  storeId: string;

  @ManyToOne(() => Store, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'storeId' })
  store?: Store;
}
