import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CrmSync1795450856730 implements MigrationInterface {
  name = 'CrmSync1795450856730';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "crm_sync" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "storeId" uuid NOT NULL, "connector" character varying(50) NOT NULL, "subject" character varying(10) NOT NULL, "subjectId" uuid NOT NULL, "crmId" character varying(100), "status" character varying(10) NOT NULL DEFAULT 'pending', "lastError" character varying(500), "syncedAt" TIMESTAMP, "claimedUntil" TIMESTAMP, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_4f3331930b3ccc9b23367468bec" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_143d21be0bb2432051fac21e9a" ON "crm_sync"  ("storeId", "status") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_c2bd005c153f5fe7a23d1a6e48" ON "crm_sync"  ("connector", "subject", "subjectId") `);
    await queryRunner.query(`ALTER TABLE "crm_sync" ADD CONSTRAINT "FK_5dd1fed624e52f02ee13609654b" FOREIGN KEY ("storeId") REFERENCES "store"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "crm_sync" DROP CONSTRAINT "FK_5dd1fed624e52f02ee13609654b"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c2bd005c153f5fe7a23d1a6e48"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_143d21be0bb2432051fac21e9a"`);
    await queryRunner.query(`DROP TABLE "crm_sync"`);
  }
}
