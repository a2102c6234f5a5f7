import type { MigrationInterface, QueryRunner } from 'typeorm';

export class GreetingWelcomeSqlite1795426000000 implements MigrationInterface {
  name = 'GreetingWelcomeSqlite1795426000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "greeting_welcome" ("storeId" varchar(36) PRIMARY KEY NOT NULL, "storeName" varchar(200) NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "greeting_welcome"`);
  }
}
