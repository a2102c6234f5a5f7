import { Column, Entity, Index, UpdateDateColumn } from 'typeorm';
import { StoreOwned } from '../stores/store-owned.entity';
import type { NotificationEvent } from './notification-event';

/** A store's own text for one notification in one language, replacing Parley's default. */
@Entity('notification_template')
@Index(['storeId', 'event', 'language'], { unique: true })
export class NotificationTemplate extends StoreOwned {
  @Column({ type: 'varchar', length: 32 })
  event: NotificationEvent;

  /** ISO 639-1. */
  @Column({ type: 'varchar', length: 2 })
  language: string;

  @Column({ type: 'text' })
  body: string;

  /** The store's template approved by Meta, which WhatsApp needs outside the 24 hours after the customer last wrote. */
  @Column({ type: 'varchar', length: 512, nullable: true })
  whatsappTemplateName: string | null;

  /** The approved template's language as Meta names it, e.g. es_ES. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  whatsappTemplateLanguage: string | null;

  @UpdateDateColumn()
  updatedAt: Date;
}
