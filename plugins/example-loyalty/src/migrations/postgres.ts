import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LoyaltyTablesPostgres1795600000000 implements MigrationInterface {
  name = 'LoyaltyTablesPostgres1795600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "loyalty_stamp" ("orderId" character varying(36) NOT NULL, "storeId" character varying(36) NOT NULL, "contactId" character varying(36) NOT NULL, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_loyalty_stamp" PRIMARY KEY ("orderId"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_loyalty_stamp_contact" ON "loyalty_stamp" ("contactId")`);
    await queryRunner.query(
      `CREATE TABLE "loyalty_card" ("contactId" character varying(36) NOT NULL, "storeId" character varying(36) NOT NULL, "stamps" integer NOT NULL DEFAULT 0, "rewards" integer NOT NULL DEFAULT 0, "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_loyalty_card" PRIMARY KEY ("contactId"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "loyalty_card"`);
    await queryRunner.query(`DROP INDEX "IDX_loyalty_stamp_contact"`);
    await queryRunner.query(`DROP TABLE "loyalty_stamp"`);
  }
}
