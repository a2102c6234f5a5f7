import type { MigrationInterface, QueryRunner } from 'typeorm';

export class QueuedRowsRescue1795461377617 implements MigrationInterface {
  name = 'QueuedRowsRescue1795461377617';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_c2bd005c153f5fe7a23d1a6e48"`);
    await queryRunner.query(`DROP INDEX "IDX_143d21be0bb2432051fac21e9a"`);
    await queryRunner.query(`CREATE TABLE "temporary_crm_sync" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "connector" varchar(50) NOT NULL, "subject" varchar(10) NOT NULL, "subjectId" varchar NOT NULL, "crmId" varchar(100), "status" varchar(10) NOT NULL DEFAULT ('pending'), "lastError" varchar(500), "syncedAt" datetime, "claimedUntil" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "jobId" varchar(200), "queuedAt" datetime, CONSTRAINT "FK_5dd1fed624e52f02ee13609654b" FOREIGN KEY ("storeId") REFERENCES "store" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_crm_sync"("id", "storeId", "connector", "subject", "subjectId", "crmId", "status", "lastError", "syncedAt", "claimedUntil", "createdAt", "updatedAt") SELECT "id", "storeId", "connector", "subject", "subjectId", "crmId", "status", "lastError", "syncedAt", "claimedUntil", "createdAt", "updatedAt" FROM "crm_sync"`);
    await queryRunner.query(`DROP TABLE "crm_sync"`);
    await queryRunner.query(`ALTER TABLE "temporary_crm_sync" RENAME TO "crm_sync"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_c2bd005c153f5fe7a23d1a6e48" ON "crm_sync" ("connector", "subject", "subjectId") `);
    await queryRunner.query(`CREATE INDEX "IDX_143d21be0bb2432051fac21e9a" ON "crm_sync" ("storeId", "status") `);
    await queryRunner.query(`DROP INDEX "IDX_fac55ba52459c88133bbe0deb5"`);
    await queryRunner.query(`CREATE TABLE "temporary_shop_order_push" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "connector" varchar(50) NOT NULL, "orderId" varchar NOT NULL, "externalId" varchar(100), "status" varchar(10) NOT NULL DEFAULT ('pending'), "lastError" varchar(500), "pushedAt" datetime, "claimedUntil" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "jobId" varchar(200), "queuedAt" datetime, CONSTRAINT "FK_d1375859f7609651d18e531bc41" FOREIGN KEY ("storeId") REFERENCES "store" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_shop_order_push"("id", "storeId", "connector", "orderId", "externalId", "status", "lastError", "pushedAt", "claimedUntil", "createdAt", "updatedAt") SELECT "id", "storeId", "connector", "orderId", "externalId", "status", "lastError", "pushedAt", "claimedUntil", "createdAt", "updatedAt" FROM "shop_order_push"`);
    await queryRunner.query(`DROP TABLE "shop_order_push"`);
    await queryRunner.query(`ALTER TABLE "temporary_shop_order_push" RENAME TO "shop_order_push"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_fac55ba52459c88133bbe0deb5" ON "shop_order_push" ("connector", "orderId") `);
    await queryRunner.query(`CREATE INDEX "IDX_10230d493096d7e0aa0dc49ab9" ON "crm_sync" ("queuedAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_4e65dfd30b23df21e2c81db710" ON "shop_order_push" ("queuedAt") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_4e65dfd30b23df21e2c81db710"`);
    await queryRunner.query(`DROP INDEX "IDX_10230d493096d7e0aa0dc49ab9"`);
    await queryRunner.query(`DROP INDEX "IDX_fac55ba52459c88133bbe0deb5"`);
    await queryRunner.query(`ALTER TABLE "shop_order_push" RENAME TO "temporary_shop_order_push"`);
    await queryRunner.query(`CREATE TABLE "shop_order_push" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "connector" varchar(50) NOT NULL, "orderId" varchar NOT NULL, "externalId" varchar(100), "status" varchar(10) NOT NULL DEFAULT ('pending'), "lastError" varchar(500), "pushedAt" datetime, "claimedUntil" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_d1375859f7609651d18e531bc41" FOREIGN KEY ("storeId") REFERENCES "store" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "shop_order_push"("id", "storeId", "connector", "orderId", "externalId", "status", "lastError", "pushedAt", "claimedUntil", "createdAt", "updatedAt") SELECT "id", "storeId", "connector", "orderId", "externalId", "status", "lastError", "pushedAt", "claimedUntil", "createdAt", "updatedAt" FROM "temporary_shop_order_push"`);
    await queryRunner.query(`DROP TABLE "temporary_shop_order_push"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_fac55ba52459c88133bbe0deb5" ON "shop_order_push" ("connector", "orderId") `);
    await queryRunner.query(`DROP INDEX "IDX_143d21be0bb2432051fac21e9a"`);
    await queryRunner.query(`DROP INDEX "IDX_c2bd005c153f5fe7a23d1a6e48"`);
    await queryRunner.query(`ALTER TABLE "crm_sync" RENAME TO "temporary_crm_sync"`);
    await queryRunner.query(`CREATE TABLE "crm_sync" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "connector" varchar(50) NOT NULL, "subject" varchar(10) NOT NULL, "subjectId" varchar NOT NULL, "crmId" varchar(100), "status" varchar(10) NOT NULL DEFAULT ('pending'), "lastError" varchar(500), "syncedAt" datetime, "claimedUntil" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_5dd1fed624e52f02ee13609654b" FOREIGN KEY ("storeId") REFERENCES "store" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "crm_sync"("id", "storeId", "connector", "subject", "subjectId", "crmId", "status", "lastError", "syncedAt", "claimedUntil", "createdAt", "updatedAt") SELECT "id", "storeId", "connector", "subject", "subjectId", "crmId", "status", "lastError", "syncedAt", "claimedUntil", "createdAt", "updatedAt" FROM "temporary_crm_sync"`);
    await queryRunner.query(`DROP TABLE "temporary_crm_sync"`);
    await queryRunner.query(`CREATE INDEX "IDX_143d21be0bb2432051fac21e9a" ON "crm_sync" ("storeId", "status") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_c2bd005c153f5fe7a23d1a6e48" ON "crm_sync" ("connector", "subject", "subjectId") `);
  }
}
