import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, UpdateDateColumn } from 'typeorm';
import { StoreOwned } from '../stores/store-owned.entity';
import { Translation, type Translations, fromTranslations } from './translations';

/** A choice attached to products: "Extra toppings" (0 to 3), "Choose a sauce" (exactly 1). */
@ObjectType()
@Entity('modifier_group')
@Index(['storeId', 'position'])
export class ModifierGroup extends StoreOwned {
  @Field()
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'simple-json' })
  translations: Translations;

  @Field(() => Int, { description: 'Fewest modifiers a customer must choose; 0 makes the group optional.' })
  @Column({ type: 'int', default: 0 })
  minSelect: number;

  @Field(() => Int, { description: 'Most modifiers a customer may choose.' })
  @Column({ type: 'int', default: 1 })
  maxSelect: number;

  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  position: number;

  @Field(() => Date, { nullable: true })
  @Column({ type: Date, nullable: true })
  archivedAt: Date | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;

  @Field(() => [Translation], { name: 'translations' })
  get translationList(): Translation[] {
    return fromTranslations(this.translations);
  }
}
