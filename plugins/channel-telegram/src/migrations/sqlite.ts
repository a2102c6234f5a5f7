import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TelegramCallbackDataSqlite1795441000000 implements MigrationInterface {
  name = 'TelegramCallbackDataSqlite1795441000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "telegram_callback_data" ("data" varchar(64) PRIMARY KEY NOT NULL, "id" text NOT NULL, "createdAt" datetime NOT NULL)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "telegram_callback_data"`);
  }
}
