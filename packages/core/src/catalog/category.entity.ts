import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, UpdateDateColumn } from 'typeorm';
import { StoreOwned } from '../stores/store-owned.entity';
import { type AvailabilityWindow, AvailabilityWindowType } from './availability';
import { Translation, type Translations, fromTranslations } from './translations';

/** A section of the menu ("Pizzas", "Breakfast"), optionally offered only at some times of day. */
@ObjectType()
@Entity('category')
@Index(['storeId', 'position'])
export class Category extends StoreOwned {
  @Field()
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'simple-json' })
  translations: Translations;

  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  position: number;

  @Field({ description: 'Hidden sections stay in the catalog but are not shown to customers.' })
  @Column({ type: 'boolean', default: true })
  visible: boolean;

  @Column({ type: 'simple-json', nullable: true })
  availability: AvailabilityWindow[] | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: Date, nullable: true })
  archivedAt: Date | null;

  @Field()
  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;

  @Field(() => [Translation], { name: 'translations' })
  get translationList(): Translation[] {
    return fromTranslations(this.translations);
  }

  @Field(() => [AvailabilityWindowType], { name: 'availability', description: 'Empty: offered whenever the store is open.' })
  get availabilityList(): AvailabilityWindowType[] {
    return (this.availability ?? []).map((window) => ({ days: window.days ?? [], from: window.from, to: window.to }));
  }
}
