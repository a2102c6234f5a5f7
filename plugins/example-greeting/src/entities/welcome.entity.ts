import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One welcome per store this plugin has seen created. A plugin's own table, created by its own migrations. */
@Entity('greeting_welcome')
export class Welcome {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  storeId: string;

  @Column({ type: 'varchar', length: 200 })
  storeName: string;

  @CreateDateColumn()
  createdAt: Date;
}
