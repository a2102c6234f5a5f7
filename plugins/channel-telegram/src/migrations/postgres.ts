import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TelegramCallbackDataPostgres1795441000000 implements MigrationInterface {
  name = 'TelegramCallbackDataPostgres1795441000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "telegram_callback_data" ("data" character varying(64) NOT NULL, "id" text NOT NULL, "createdAt" TIMESTAMP NOT NULL, CONSTRAINT "PK_telegram_callback_data" PRIMARY KEY ("data"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "telegram_callback_data"`);
  }
}
