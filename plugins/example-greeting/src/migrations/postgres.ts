import type { MigrationInterface, QueryRunner } from 'typeorm';

export class GreetingWelcomePostgres1795426000000 implements MigrationInterface {
  name = 'GreetingWelcomePostgres1795426000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "greeting_welcome" ("storeId" character varying(36) NOT NULL, "storeName" character varying(200) NOT NULL, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_greeting_welcome" PRIMARY KEY ("storeId"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "greeting_welcome"`);
  }
}
