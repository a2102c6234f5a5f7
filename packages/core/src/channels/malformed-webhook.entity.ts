import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A signed webhook the platform could not read: answered 200 so the provider stops retrying, kept with the reason. */
@Entity('malformed_webhook')
export class MalformedWebhook {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 30 })
  channel: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 500 })
  reason: string;

  @CreateDateColumn()
  receivedAt: Date;
}
