import { Column, CreateDateColumn, Entity, Index, UpdateDateColumn } from 'typeorm';
import { StoreOwned } from '../stores/store-owned.entity';

export interface CartLineData {
  id: string;
  variantId: string;
  quantity: number;
  modifierIds: string[];
  note: string | null;
  /** The unit price (with modifiers) the customer was last shown, to tell them when it changed. */
  seenUnitAmount: number;
}

export type Fulfilment =
  | { type: 'delivery'; address: string; postcode: string | null; latitude: number | null; longitude: number | null }
  | { type: 'pickup'; pickupAt: string | null };

/** What a customer is about to order: lines, how they get it, a tip. Totals are always computed, never stored. */
@Entity('cart')
@Index(['storeId', 'customerRef'])
export class Cart extends StoreOwned {
  /** Who the cart belongs to: a contact id from a conversation, or the API caller's own customer reference. */
  @Column({ type: 'varchar', length: 200 })
  customerRef: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  customerName: string | null;

  /** Where the customer is ordering from: api, whatsapp, webchat, telegram, ... */
  @Column({ type: 'varchar', length: 30, default: 'api' })
  channel: string;

  @Column({ type: 'varchar', length: 50, nullable: true })
  customerPhone: string | null;

  @Column({ type: 'simple-json' })
  lines: CartLineData[];

  @Column({ type: 'simple-json', nullable: true })
  fulfilment: Fulfilment | null;

  @Column({ type: 'int', default: 0 })
  tipAmount: number;

  /** Set once the cart became an order; a checked-out cart can't change or be ordered again. */
  @Column({ type: 'uuid', nullable: true })
  orderId: string | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
