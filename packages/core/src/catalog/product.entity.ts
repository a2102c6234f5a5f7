import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinTable,
  ManyToMany,
  UpdateDateColumn,
} from 'typeorm';
import { StoreOwned } from '../stores/store-owned.entity';
import { Category } from './category.entity';
import { ModifierGroup } from './modifier-group.entity';
import { Translation, type Translations, fromTranslations } from './translations';

export enum ProductStatus {
  active = 'active',
  archived = 'archived',
}
registerEnumType(ProductStatus, { name: 'ProductStatus' });

/** Something the store sells. It always has at least one variant, which carries the SKU, price and stock. */
@ObjectType()
@Entity('product')
@Index(['storeId', 'status', 'position'])
@Index(['storeId', 'externalSource', 'externalId'], { unique: true })
export class Product extends StoreOwned {
  @Field()
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'simple-json' })
  translations: Translations;

  @Field(() => [String])
  @Column({ type: 'simple-json' })
  tags: string[];

  @Field(() => ProductStatus)
  @Column({ type: 'varchar', length: 16, default: ProductStatus.active })
  status: ProductStatus;

  @Field(() => Int, { description: 'Order within its menu sections; lower first.' })
  @Column({ type: 'int', default: 0 })
  position: number;

  @Field(() => String, { nullable: true, description: 'The id of this product in the shop it was imported from.' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  externalId: string | null;

  @Field(() => String, { nullable: true, description: 'The shop plugin that imported it, e.g. shopify.' })
  @Column({ type: 'varchar', length: 50, nullable: true })
  externalSource: string | null;

  @ManyToMany(() => Category, { onDelete: 'CASCADE' })
  @JoinTable({ name: 'product_category', joinColumn: { name: 'productId' }, inverseJoinColumn: { name: 'categoryId' } })
  categories?: Category[];

  @ManyToMany(() => ModifierGroup, { onDelete: 'CASCADE' })
  @JoinTable({ name: 'product_modifier_group', joinColumn: { name: 'productId' }, inverseJoinColumn: { name: 'modifierGroupId' } })
  modifierGroups?: ModifierGroup[];

  @Field()
  @CreateDateColumn()
  createdAt: Date;

  @Field()
  @UpdateDateColumn()
  updatedAt: Date;

  @Field(() => [Translation], { name: 'translations' })
  get translationList(): Translation[] {
    return fromTranslations(this.translations);
  }
}
