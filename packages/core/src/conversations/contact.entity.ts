import { Field, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, UpdateDateColumn } from 'typeorm';
import { StoreOwned } from '../stores/store-owned.entity';

/** A customer of one store, across the channels they write from. */
@ObjectType({ description: 'A customer of the store, across the channels they write from.' })
@Entity('contact')
@Index(['storeId', 'createdAt'])
export class Contact extends StoreOwned {
  @Field(() => String, { nullable: true, description: 'As the channel gave it (a WhatsApp profile name).' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  name: string | null;

  @Field(() => String, { nullable: true, description: 'en, es, fr or nl once known; else the store default is used.' })
  @Column({ type: 'varchar', length: 2, nullable: true })
  language: string | null;

  @Field({ description: 'True from the moment the customer asked to receive nothing more.' })
  @Column({ type: 'boolean', default: false })
  optedOut: boolean;

  @Field({ description: 'True once the customer stopped marketing messages (e.g. in WhatsApp); answers and order updates still reach them.' })
  @Column({ type: 'boolean', default: false })
  marketingOptedOut: boolean;

  @Field(() => Date, { nullable: true, description: 'When opted in or out last changed.' })
  @Column({ type: Date, nullable: true })
  consentChangedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'How it changed: "keyword STOP", "whatsapp user_preferences", ...' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  consentChangedVia: string | null;

  @Field(() => String, { nullable: true, description: 'The id a CRM plugin attached (e.g. the HubSpot contact id).' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  crmId: string | null;

  @Field()
  @CreateDateColumn()
  createdAt: Date;

  @Field()
  @UpdateDateColumn()
  updatedAt: Date;
}
