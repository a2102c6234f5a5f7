import { Column, CreateDateColumn, Entity, Index } from 'typeorm';
import { StoreOwned } from '../stores/store-owned.entity';

/** A shop webhook delivery acted on: shops deliver at least once, and a delivery id seen again is not acted on twice. */
@Entity('shop_webhook_delivery')
@Index(['connector', 'deliveryId'], { unique: true })
export class ShopWebhookDelivery extends StoreOwned {
  @Column({ type: 'varchar', length: 50 })
  connector: string;

  @Column({ type: 'varchar', length: 200 })
  deliveryId: string;

  @CreateDateColumn()
  createdAt: Date;
}
