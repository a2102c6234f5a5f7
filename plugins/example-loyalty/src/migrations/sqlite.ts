import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LoyaltyTablesSqlite1795600000000 implements MigrationInterface {
  name = 'LoyaltyTablesSqlite1795600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "loyalty_stamp" ("orderId" varchar(36) PRIMARY KEY NOT NULL, "storeId" varchar(36) NOT NULL, "contactId" varchar(36) NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_loyalty_stamp_contact" ON "loyalty_stamp" ("contactId")`);
    await queryRunner.query(
      `CREATE TABLE "loyalty_card" ("contactId" varchar(36) PRIMARY KEY NOT NULL, "storeId" varchar(36) NOT NULL, "stamps" integer NOT NULL DEFAULT (0), "rewards" integer NOT NULL DEFAULT (0), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "loyalty_card"`);
    await queryRunner.query(`DROP INDEX "IDX_loyalty_stamp_contact"`);
    await queryRunner.query(`DROP TABLE "loyalty_stamp"`);
  }
}
