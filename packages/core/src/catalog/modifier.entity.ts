import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { ModifierGroup } from './modifier-group.entity';
import { Translation, type Translations, fromTranslations } from './translations';

/** One option of a modifier group ("Extra cheese", +1.50), with its own availability. */
@ObjectType()
@Entity('modifier')
@Index(['groupId', 'position'])
export class Modifier {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  storeId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  groupId: string;

  @ManyToOne(() => ModifierGroup, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'groupId' })
  group?: ModifierGroup;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'simple-json' })
  translations: Translations;

  /** Added to the line's price per unit, in minor units of the store's currency; may be 0 or negative. */
  @Column({ type: 'int', default: 0 })
  priceDeltaAmount: number;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Field()
  @Column({ type: 'boolean', default: true })
  available: boolean;

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
