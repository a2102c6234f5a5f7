import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A button id too long for Telegram's 64 bytes of callback data, under the short data the button carries instead
 * (`~` and the id's SHA-256). The same id always gives the same data, so a row is written once per id, however
 * often its button is shown.
 */
@Entity('telegram_callback_data')
export class TelegramCallbackData {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  data: string;

  /** The button's id as the core gave it. */
  @Column({ type: 'text' })
  id: string;

  @Column({ type: Date })
  createdAt: Date;
}
