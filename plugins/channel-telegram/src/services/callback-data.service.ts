import { Injectable } from '@nestjs/common';
import { Transactions } from '@parley/plugin-sdk';
import { DataSource } from 'typeorm';
import { TelegramCallbackData } from '../entities/telegram-callback-data.entity';
import { callbackDataFor, MAPPED_PREFIX } from './telegram-renderer';

/** Keeps the button ids too long for callback data, and finds them again when their button is tapped. */
@Injectable()
export class CallbackDataService {
  constructor(
    private readonly transactions: Transactions,
    private readonly dataSource: DataSource,
  ) {}

  /** Stores the ids among these that their buttons can't carry as they are (before the message is sent). */
  async remember(ids: string[]): Promise<void> {
    const rows = [...new Set(ids)]
      .map((id) => ({ data: callbackDataFor(id), id, createdAt: new Date() }))
      .filter((row) => row.data !== row.id);
    if (rows.length === 0) return;
    await this.transactions.run((tx) => tx.manager.createQueryBuilder().insert().into(TelegramCallbackData).values(rows).orIgnore().execute());
  }

  /** The button id behind a tapped button's callback data; null when the data stands for an id no longer known. */
  async resolve(data: string): Promise<string | null> {
    if (!data.startsWith(MAPPED_PREFIX)) return data;
    const row = await this.dataSource.getRepository(TelegramCallbackData).findOneBy({ data });
    return row?.id ?? null;
  }
}
