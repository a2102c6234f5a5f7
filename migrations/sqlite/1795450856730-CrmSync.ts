import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CrmSync1795450856730 implements MigrationInterface {
  name = 'CrmSync1795450856730';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "crm_sync" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "connector" varchar(50) NOT NULL, "subject" varchar(10) NOT NULL, "subjectId" varchar NOT NULL, "crmId" varchar(100), "status" varchar(10) NOT NULL DEFAULT ('pending'), "lastError" varchar(500), "syncedAt" datetime, "claimedUntil" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`);
    await queryRunner.query(`CREATE INDEX "IDX_143d21be0bb2432051fac21e9a" ON "crm_sync" ("storeId", "status") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_c2bd005c153f5fe7a23d1a6e48" ON "crm_sync" ("connector", "subject", "subjectId") `);
    await queryRunner.query(`DROP INDEX "IDX_143d21be0bb2432051fac21e9a"`);
    await queryRunner.query(`DROP INDEX "IDX_c2bd005c153f5fe7a23d1a6e48"`);
    await queryRunner.query(`CREATE TABLE "temporary_crm_sync" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "connector" varchar(50) NOT NULL, "subject" varchar(10) NOT NULL, "subjectId" varchar NOT NULL, "crmId" varchar(100), "status" varchar(10) NOT NULL DEFAULT ('pending'), "lastError" varchar(500), "syncedAt" datetime, "claimedUntil" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_5dd1fed624e52f02ee13609654b" FOREIGN KEY ("storeId") REFERENCES "store" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_crm_sync"("id", "storeId", "connector", "subject", "subjectId", "crmId", "status", "lastError", "syncedAt", "claimedUntil", "createdAt", "updatedAt") SELECT "id", "storeId", "connector", "subject", "subjectId", "crmId", "status", "lastError", "syncedAt", "claimedUntil", "createdAt", "updatedAt" FROM "crm_sync"`);
    await queryRunner.query(`DROP TABLE "crm_sync"`);
    await queryRunner.query(`ALTER TABLE "temporary_crm_sync" RENAME TO "crm_sync"`);
    await queryRunner.query(`CREATE INDEX "IDX_143d21be0bb2432051fac21e9a" ON "crm_sync" ("storeId", "status") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_c2bd005c153f5fe7a23d1a6e48" ON "crm_sync" ("connector", "subject", "subjectId") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_c2bd005c153f5fe7a23d1a6e48"`);
    await queryRunner.query(`DROP INDEX "IDX_143d21be0bb2432051fac21e9a"`);
    await queryRunner.query(`ALTER TABLE "crm_sync" RENAME TO "temporary_crm_sync"`);
    await queryRunner.query(`CREATE TABLE "crm_sync" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "connector" varchar(50) NOT NULL, "subject" varchar(10) NOT NULL, "subjectId" varchar NOT NULL, "crmId" varchar(100), "status" varchar(10) NOT NULL DEFAULT ('pending'), "lastError" varchar(500), "syncedAt" datetime, "claimedUntil" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`);
    await queryRunner.query(`INSERT INTO "crm_sync"("id", "storeId", "connector", "subject", "subjectId", "crmId", "status", "lastError", "syncedAt", "claimedUntil", "createdAt", "updatedAt") SELECT "id", "storeId", "connector", "subject", "subjectId", "crmId", "status", "lastError", "syncedAt", "claimedUntil", "createdAt", "updatedAt" FROM "temporary_crm_sync"`);
    await queryRunner.query(`DROP TABLE "temporary_crm_sync"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_c2bd005c153f5fe7a23d1a6e48" ON "crm_sync" ("connector", "subject", "subjectId") `);
    await queryRunner.query(`CREATE INDEX "IDX_143d21be0bb2432051fac21e9a" ON "crm_sync" ("storeId", "status") `);
    await queryRunner.query(`DROP INDEX "IDX_c2bd005c153f5fe7a23d1a6e48"`);
    await queryRunner.query(`DROP INDEX "IDX_143d21be0bb2432051fac21e9a"`);
    await queryRunner.query(`DROP TABLE "crm_sync"`);
  }
}
