import type { DataSource } from 'typeorm';
import { isUniqueViolation } from '../database/unique-violation';
import type { UnitOfWork } from '../database/unit-of-work';
import { ReceivedMessage } from './received-message.entity';

export type ReceivedMessageRow = Pick<
  ReceivedMessage,
  'storeId' | 'channel' | 'channelUserId' | 'providerMessageId' | 'sequence' | 'message' | 'raw' | 'receivedAt' | 'processedAt'
>;

interface Waiting {
  row: ReceivedMessageRow;
  resolve: (id: number | null) => void;
  reject: (error: unknown) => void;
}

/**
 * One INSERT on its way at a time, rows arriving meanwhile wait for the next one: ids (the order in which a
 * conversation's messages are handled) follow the order in which messages arrived. Two at once would let a later
 * statement take its ids first.
 */
const STATEMENTS_AT_ONCE = 1;
/** Rows per INSERT at most (9 parameters each, far below PostgreSQL's 65,535). */
const ROWS_PER_STATEMENT = 200;

const keyOf = (row: { channel: string; providerMessageId: string }) => `${row.channel}\n${row.providerMessageId}`;

/**
 * Stores received messages, each once: the unique (channel, providerMessageId) settles repeated deliveries.
 *
 * On PostgreSQL the rows that arrive while an INSERT is on its way go together in the next one: when idle every row
 * goes at once, under load one round trip and one commit serve many webhooks. `ON CONFLICT DO NOTHING` leaves out
 * what is already stored (also a second delivery within the same statement) and `RETURNING` says which rows are new.
 * A statement is atomic, so a row is stored exactly when its caller is told so; if a statement fails, its rows are
 * tried one by one, so one bad row fails only its own webhook. SQLite runs one INSERT per row, in its turn.
 */
export class ReceivedMessageWriter {
  private readonly waiting: Waiting[] = [];
  private running = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** Stores the row; resolves with its id, or null when this message was stored before. */
  insert(row: ReceivedMessageRow): Promise<number | null> {
    if (this.dataSource.options.type !== 'postgres') return this.insertOne(row);
    return new Promise((resolve, reject) => {
      this.waiting.push({ row, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < STATEMENTS_AT_ONCE && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, ROWS_PER_STATEMENT);
      this.running += 1;
      void this.write(batch).finally(() => {
        this.running -= 1;
        this.pump();
      });
    }
  }

  private async write(batch: Waiting[]): Promise<void> {
    let inserted: { id: number; channel: string; providerMessageId: string }[];
    try {
      const result = await this.dataSource
        .createQueryBuilder()
        .insert()
        .into(ReceivedMessage)
        .values(batch.map((waiting) => waiting.row))
        .orIgnore()
        .returning(['id', 'channel', 'providerMessageId'])
        .updateEntity(false)
        .execute();
      inserted = result.raw;
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      for (const waiting of batch) await this.write([waiting]);
      return;
    }
    const ids = new Map(inserted.map((row) => [keyOf(row), Number(row.id)]));
    for (const waiting of batch) {
      const key = keyOf(waiting.row);
      // A second row with the same key in this statement was left out: it is the repeat.
      waiting.resolve(ids.get(key) ?? null);
      ids.delete(key);
    }
  }

  private async insertOne(row: ReceivedMessageRow): Promise<number | null> {
    try {
      // One INSERT is atomic by itself: no BEGIN and COMMIT around it.
      return await this.unitOfWork.statement(async (manager) => (await manager.insert(ReceivedMessage, row)).identifiers[0].id as number);
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }
}
