import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { type AvailabilityWindow, AvailabilityWindowType } from '../catalog/availability';

export enum TaxMode {
  inclusive = 'inclusive',
  exclusive = 'exclusive',
}
registerEnumType(TaxMode, {
  name: 'TaxMode',
  description: 'inclusive: prices include tax (usual in Europe); exclusive: tax is added on top at checkout.',
});

export enum WhenClosed {
  preorder = 'preorder',
  questions_only = 'questions_only',
}
registerEnumType(WhenClosed, {
  name: 'WhenClosed',
  description: 'What the chat assistant does outside opening hours: take pre-orders for the next opening, or only answer questions.',
});

/** Answers the chat assistant gives to common questions; hours are worked out from the opening hours when unset. */
export interface StoreFaq {
  hours?: string | null;
  address?: string | null;
  deliveryArea?: string | null;
  allergens?: string | null;
}

@ObjectType('StoreFaq')
@InputType('StoreFaqInput', { description: 'Answers the chat assistant gives; the fields given replace theirs.' })
export class StoreFaqType {
  @Field(() => String, { nullable: true })
  hours?: string | null;

  @Field(() => String, { nullable: true })
  address?: string | null;

  @Field(() => String, { nullable: true })
  deliveryArea?: string | null;

  @Field(() => String, { nullable: true })
  allergens?: string | null;
}

/** A tenant: one restaurant or shop. Everything else belongs to a store. */
@ObjectType({ description: 'A restaurant or shop: everything else belongs to one store.' })
@Entity('store')
export class Store {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Short unique name used in URLs, e.g. /chat/<slug>.' })
  @Column({ type: 'varchar', length: 64, unique: true })
  slug: string;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Field({ description: 'ISO 4217 currency of every price in the store, e.g. EUR.' })
  @Column({ type: 'varchar', length: 3, default: 'EUR' })
  currency: string;

  @Field({ description: 'IANA time zone for opening hours and menu windows, e.g. Europe/Rome.' })
  @Column({ type: 'varchar', length: 64, default: 'UTC' })
  timeZone: string;

  @Field({ description: 'ISO 639-1 language of the base texts and the fallback for customers.' })
  @Column({ type: 'varchar', length: 2, default: 'en' })
  defaultLanguage: string;

  @Field(() => TaxMode)
  @Column({ type: 'varchar', length: 16, default: TaxMode.inclusive })
  taxMode: TaxMode;

  @Field(() => Int, { description: 'Tax rate in basis points: 1000 is 10%.' })
  @Column({ type: 'int', default: 0 })
  taxRateBasisPoints: number;

  /** When orders are taken, in the store's time zone; none means always. */
  @Column({ type: 'simple-json', nullable: true })
  openingHours: AvailabilityWindow[] | null;

  @Field(() => [String], { description: 'Local dates (YYYY-MM-DD) the store is closed all day, e.g. holidays.' })
  @Column({ type: 'simple-json', default: '[]' })
  closedDates: string[];

  @Field(() => WhenClosed)
  @Column({ type: 'varchar', length: 20, default: WhenClosed.questions_only })
  whenClosed: WhenClosed;

  @Field(() => StoreFaqType, { description: 'What the chat assistant answers when asked about hours, address, delivery area, allergens.' })
  @Column({ type: 'simple-json', default: '{}' })
  faq: StoreFaq;

  @Field(() => Int, { description: 'After staff take over a chat, the assistant speaks again once this many minutes pass without staff writing.' })
  @Column({ type: 'int', default: 30 })
  staffTimeoutMinutes: number;

  @Field(() => String, { nullable: true, description: 'A WhatsApp number staff are told of new and waiting orders on.' })
  @Column({ type: 'varchar', length: 20, nullable: true })
  staffAlertWhatsApp: string | null;

  @Field(() => String, { nullable: true, description: 'A URL staff alerts are POSTed to, signed (see staffAlertWebhookSecret).' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  staffAlertWebhookUrl: string | null;

  /** Signs the staff alert webhook; made when the URL is first set, readable by owners only. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  staffAlertWebhookSecret: string | null;

  @Field(() => Int, { description: 'Staff are alerted when an order waits unaccepted this many minutes.' })
  @Column({ type: 'int', default: 10 })
  unacceptedAlertMinutes: number;

  @Field(() => Int, { description: 'Customers are reminded of an unpaid payment link this many minutes before it expires.' })
  @Column({ type: 'int', default: 15 })
  paymentReminderMinutes: number;

  /** The number the next order gets (#1001, #1002, ...). */
  @Column({ type: 'int', default: 1001 })
  nextOrderNumber: number;

  @Field(() => Number, { nullable: true, description: 'Where the store is, for delivery zones by distance.' })
  @Column({ type: 'double precision', nullable: true })
  latitude: number | null;

  @Field(() => Number, { nullable: true })
  @Column({ type: 'double precision', nullable: true })
  longitude: number | null;

  @Field(() => [AvailabilityWindowType], { name: 'openingHours', description: 'Empty: orders are taken at any time.' })
  get openingHoursList(): AvailabilityWindowType[] {
    return (this.openingHours ?? []).map((window) => ({ days: window.days ?? [], from: window.from, to: window.to }));
  }

  /** Bumped in the same transaction as every catalog change: caches of the menu and search compare it. */
  @Column({ type: 'int', default: 0 })
  catalogVersion: number;

  @Field()
  @CreateDateColumn()
  createdAt: Date;

  @Field()
  @UpdateDateColumn()
  updatedAt: Date;
}
