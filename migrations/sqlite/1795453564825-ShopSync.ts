import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ShopSync1795453564825 implements MigrationInterface {
  name = 'ShopSync1795453564825';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "shop_image_source" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "productId" varchar NOT NULL, "urlHash" varchar(64) NOT NULL, "url" text NOT NULL, "imageId" varchar NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_5721ddf6141df2e0151edd64d1" ON "shop_image_source" ("productId", "urlHash") `);
    await queryRunner.query(`CREATE TABLE "shop_variant_link" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "connector" varchar(50) NOT NULL, "externalProductId" varchar(200) NOT NULL, "externalVariantId" varchar(200) NOT NULL, "variantId" varchar NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
    await queryRunner.query(`CREATE INDEX "IDX_f863dfe83793b9ef73a318262e" ON "shop_variant_link" ("variantId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_6f8f4fb271f0ae93f00aa7bb75" ON "shop_variant_link" ("storeId", "connector", "externalVariantId") `);
    await queryRunner.query(`CREATE TABLE "shop_order_push" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "connector" varchar(50) NOT NULL, "orderId" varchar NOT NULL, "externalId" varchar(100), "status" varchar(10) NOT NULL DEFAULT ('pending'), "lastError" varchar(500), "pushedAt" datetime, "claimedUntil" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_fac55ba52459c88133bbe0deb5" ON "shop_order_push" ("connector", "orderId") `);
    await queryRunner.query(`CREATE TABLE "shop_sync_state" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "connector" varchar(50) NOT NULL, "lastFullImportAt" datetime, "incrementalCursor" datetime, "lastRunAt" datetime, "lastRunKind" varchar(10), "created" integer NOT NULL DEFAULT (0), "updated" integer NOT NULL DEFAULT (0), "archived" integer NOT NULL DEFAULT (0), "unchanged" integer NOT NULL DEFAULT (0), "failed" integer NOT NULL DEFAULT (0), "lastError" varchar(500), "lastErrorCode" varchar(50), "claimedUntil" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_4977cff4a3ef94187f9e2de434" ON "shop_sync_state" ("storeId", "connector") `);
    await queryRunner.query(`CREATE TABLE "shop_webhook_delivery" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "connector" varchar(50) NOT NULL, "deliveryId" varchar(200) NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_7439a5c2608a243c80b9fcad87" ON "shop_webhook_delivery" ("connector", "deliveryId") `);
    await queryRunner.query(`DROP INDEX "IDX_5721ddf6141df2e0151edd64d1"`);
    await queryRunner.query(`CREATE TABLE "temporary_shop_image_source" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "productId" varchar NOT NULL, "urlHash" varchar(64) NOT NULL, "url" text NOT NULL, "imageId" varchar NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_393331b7414a4a661abde8407a9" FOREIGN KEY ("storeId") REFERENCES "store" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_shop_image_source"("id", "storeId", "productId", "urlHash", "url", "imageId", "createdAt") SELECT "id", "storeId", "productId", "urlHash", "url", "imageId", "createdAt" FROM "shop_image_source"`);
    await queryRunner.query(`DROP TABLE "shop_image_source"`);
    await queryRunner.query(`ALTER TABLE "temporary_shop_image_source" RENAME TO "shop_image_source"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_5721ddf6141df2e0151edd64d1" ON "shop_image_source" ("productId", "urlHash") `);
    await queryRunner.query(`DROP INDEX "IDX_f863dfe83793b9ef73a318262e"`);
    await queryRunner.query(`DROP INDEX "IDX_6f8f4fb271f0ae93f00aa7bb75"`);
    await queryRunner.query(`CREATE TABLE "temporary_shop_variant_link" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "connector" varchar(50) NOT NULL, "externalProductId" varchar(200) NOT NULL, "externalVariantId" varchar(200) NOT NULL, "variantId" varchar NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_c1d5088e239a6de5cad992c39a9" FOREIGN KEY ("storeId") REFERENCES "store" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_shop_variant_link"("id", "storeId", "connector", "externalProductId", "externalVariantId", "variantId", "createdAt") SELECT "id", "storeId", "connector", "externalProductId", "externalVariantId", "variantId", "createdAt" FROM "shop_variant_link"`);
    await queryRunner.query(`DROP TABLE "shop_variant_link"`);
    await queryRunner.query(`ALTER TABLE "temporary_shop_variant_link" RENAME TO "shop_variant_link"`);
    await queryRunner.query(`CREATE INDEX "IDX_f863dfe83793b9ef73a318262e" ON "shop_variant_link" ("variantId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_6f8f4fb271f0ae93f00aa7bb75" ON "shop_variant_link" ("storeId", "connector", "externalVariantId") `);
    await queryRunner.query(`DROP INDEX "IDX_fac55ba52459c88133bbe0deb5"`);
    await queryRunner.query(`CREATE TABLE "temporary_shop_order_push" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "connector" varchar(50) NOT NULL, "orderId" varchar NOT NULL, "externalId" varchar(100), "status" varchar(10) NOT NULL DEFAULT ('pending'), "lastError" varchar(500), "pushedAt" datetime, "claimedUntil" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_d1375859f7609651d18e531bc41" FOREIGN KEY ("storeId") REFERENCES "store" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_shop_order_push"("id", "storeId", "connector", "orderId", "externalId", "status", "lastError", "pushedAt", "claimedUntil", "createdAt", "updatedAt") SELECT "id", "storeId", "connector", "orderId", "externalId", "status", "lastError", "pushedAt", "claimedUntil", "createdAt", "updatedAt" FROM "shop_order_push"`);
    await queryRunner.query(`DROP TABLE "shop_order_push"`);
    await queryRunner.query(`ALTER TABLE "temporary_shop_order_push" RENAME TO "shop_order_push"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_fac55ba52459c88133bbe0deb5" ON "shop_order_push" ("connector", "orderId") `);
    await queryRunner.query(`DROP INDEX "IDX_4977cff4a3ef94187f9e2de434"`);
    await queryRunner.query(`CREATE TABLE "temporary_shop_sync_state" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "connector" varchar(50) NOT NULL, "lastFullImportAt" datetime, "incrementalCursor" datetime, "lastRunAt" datetime, "lastRunKind" varchar(10), "created" integer NOT NULL DEFAULT (0), "updated" integer NOT NULL DEFAULT (0), "archived" integer NOT NULL DEFAULT (0), "unchanged" integer NOT NULL DEFAULT (0), "failed" integer NOT NULL DEFAULT (0), "lastError" varchar(500), "lastErrorCode" varchar(50), "claimedUntil" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_4bb4255a3051a1e91f37ea4b17f" FOREIGN KEY ("storeId") REFERENCES "store" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_shop_sync_state"("id", "storeId", "connector", "lastFullImportAt", "incrementalCursor", "lastRunAt", "lastRunKind", "created", "updated", "archived", "unchanged", "failed", "lastError", "lastErrorCode", "claimedUntil", "createdAt", "updatedAt") SELECT "id", "storeId", "connector", "lastFullImportAt", "incrementalCursor", "lastRunAt", "lastRunKind", "created", "updated", "archived", "unchanged", "failed", "lastError", "lastErrorCode", "claimedUntil", "createdAt", "updatedAt" FROM "shop_sync_state"`);
    await queryRunner.query(`DROP TABLE "shop_sync_state"`);
    await queryRunner.query(`ALTER TABLE "temporary_shop_sync_state" RENAME TO "shop_sync_state"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_4977cff4a3ef94187f9e2de434" ON "shop_sync_state" ("storeId", "connector") `);
    await queryRunner.query(`DROP INDEX "IDX_7439a5c2608a243c80b9fcad87"`);
    await queryRunner.query(`CREATE TABLE "temporary_shop_webhook_delivery" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "connector" varchar(50) NOT NULL, "deliveryId" varchar(200) NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_0aa0ba2db8585d184f56be4a927" FOREIGN KEY ("storeId") REFERENCES "store" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_shop_webhook_delivery"("id", "storeId", "connector", "deliveryId", "createdAt") SELECT "id", "storeId", "connector", "deliveryId", "createdAt" FROM "shop_webhook_delivery"`);
    await queryRunner.query(`DROP TABLE "shop_webhook_delivery"`);
    await queryRunner.query(`ALTER TABLE "temporary_shop_webhook_delivery" RENAME TO "shop_webhook_delivery"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_7439a5c2608a243c80b9fcad87" ON "shop_webhook_delivery" ("connector", "deliveryId") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_7439a5c2608a243c80b9fcad87"`);
    await queryRunner.query(`ALTER TABLE "shop_webhook_delivery" RENAME TO "temporary_shop_webhook_delivery"`);
    await queryRunner.query(`CREATE TABLE "shop_webhook_delivery" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "connector" varchar(50) NOT NULL, "deliveryId" varchar(200) NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
    await queryRunner.query(`INSERT INTO "shop_webhook_delivery"("id", "storeId", "connector", "deliveryId", "createdAt") SELECT "id", "storeId", "connector", "deliveryId", "createdAt" FROM "temporary_shop_webhook_delivery"`);
    await queryRunner.query(`DROP TABLE "temporary_shop_webhook_delivery"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_7439a5c2608a243c80b9fcad87" ON "shop_webhook_delivery" ("connector", "deliveryId") `);
    await queryRunner.query(`DROP INDEX "IDX_4977cff4a3ef94187f9e2de434"`);
    await queryRunner.query(`ALTER TABLE "shop_sync_state" RENAME TO "temporary_shop_sync_state"`);
    await queryRunner.query(`CREATE TABLE "shop_sync_state" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "connector" varchar(50) NOT NULL, "lastFullImportAt" datetime, "incrementalCursor" datetime, "lastRunAt" datetime, "lastRunKind" varchar(10), "created" integer NOT NULL DEFAULT (0), "updated" integer NOT NULL DEFAULT (0), "archived" integer NOT NULL DEFAULT (0), "unchanged" integer NOT NULL DEFAULT (0), "failed" integer NOT NULL DEFAULT (0), "lastError" varchar(500), "lastErrorCode" varchar(50), "claimedUntil" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`);
    await queryRunner.query(`INSERT INTO "shop_sync_state"("id", "storeId", "connector", "lastFullImportAt", "incrementalCursor", "lastRunAt", "lastRunKind", "created", "updated", "archived", "unchanged", "failed", "lastError", "lastErrorCode", "claimedUntil", "createdAt", "updatedAt") SELECT "id", "storeId", "connector", "lastFullImportAt", "incrementalCursor", "lastRunAt", "lastRunKind", "created", "updated", "archived", "unchanged", "failed", "lastError", "lastErrorCode", "claimedUntil", "createdAt", "updatedAt" FROM "temporary_shop_sync_state"`);
    await queryRunner.query(`DROP TABLE "temporary_shop_sync_state"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_4977cff4a3ef94187f9e2de434" ON "shop_sync_state" ("storeId", "connector") `);
    await queryRunner.query(`DROP INDEX "IDX_fac55ba52459c88133bbe0deb5"`);
    await queryRunner.query(`ALTER TABLE "shop_order_push" RENAME TO "temporary_shop_order_push"`);
    await queryRunner.query(`CREATE TABLE "shop_order_push" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "connector" varchar(50) NOT NULL, "orderId" varchar NOT NULL, "externalId" varchar(100), "status" varchar(10) NOT NULL DEFAULT ('pending'), "lastError" varchar(500), "pushedAt" datetime, "claimedUntil" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`);
    await queryRunner.query(`INSERT INTO "shop_order_push"("id", "storeId", "connector", "orderId", "externalId", "status", "lastError", "pushedAt", "claimedUntil", "createdAt", "updatedAt") SELECT "id", "storeId", "connector", "orderId", "externalId", "status", "lastError", "pushedAt", "claimedUntil", "createdAt", "updatedAt" FROM "temporary_shop_order_push"`);
    await queryRunner.query(`DROP TABLE "temporary_shop_order_push"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_fac55ba52459c88133bbe0deb5" ON "shop_order_push" ("connector", "orderId") `);
    await queryRunner.query(`DROP INDEX "IDX_6f8f4fb271f0ae93f00aa7bb75"`);
    await queryRunner.query(`DROP INDEX "IDX_f863dfe83793b9ef73a318262e"`);
    await queryRunner.query(`ALTER TABLE "shop_variant_link" RENAME TO "temporary_shop_variant_link"`);
    await queryRunner.query(`CREATE TABLE "shop_variant_link" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "connector" varchar(50) NOT NULL, "externalProductId" varchar(200) NOT NULL, "externalVariantId" varchar(200) NOT NULL, "variantId" varchar NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
    await queryRunner.query(`INSERT INTO "shop_variant_link"("id", "storeId", "connector", "externalProductId", "externalVariantId", "variantId", "createdAt") SELECT "id", "storeId", "connector", "externalProductId", "externalVariantId", "variantId", "createdAt" FROM "temporary_shop_variant_link"`);
    await queryRunner.query(`DROP TABLE "temporary_shop_variant_link"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_6f8f4fb271f0ae93f00aa7bb75" ON "shop_variant_link" ("storeId", "connector", "externalVariantId") `);
    await queryRunner.query(`CREATE INDEX "IDX_f863dfe83793b9ef73a318262e" ON "shop_variant_link" ("variantId") `);
    await queryRunner.query(`DROP INDEX "IDX_5721ddf6141df2e0151edd64d1"`);
    await queryRunner.query(`ALTER TABLE "shop_image_source" RENAME TO "temporary_shop_image_source"`);
    await queryRunner.query(`CREATE TABLE "shop_image_source" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "productId" varchar NOT NULL, "urlHash" varchar(64) NOT NULL, "url" text NOT NULL, "imageId" varchar NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
    await queryRunner.query(`INSERT INTO "shop_image_source"("id", "storeId", "productId", "urlHash", "url", "imageId", "createdAt") SELECT "id", "storeId", "productId", "urlHash", "url", "imageId", "createdAt" FROM "temporary_shop_image_source"`);
    await queryRunner.query(`DROP TABLE "temporary_shop_image_source"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_5721ddf6141df2e0151edd64d1" ON "shop_image_source" ("productId", "urlHash") `);
    await queryRunner.query(`DROP INDEX "IDX_7439a5c2608a243c80b9fcad87"`);
    await queryRunner.query(`DROP TABLE "shop_webhook_delivery"`);
    await queryRunner.query(`DROP INDEX "IDX_4977cff4a3ef94187f9e2de434"`);
    await queryRunner.query(`DROP TABLE "shop_sync_state"`);
    await queryRunner.query(`DROP INDEX "IDX_fac55ba52459c88133bbe0deb5"`);
    await queryRunner.query(`DROP TABLE "shop_order_push"`);
    await queryRunner.query(`DROP INDEX "IDX_6f8f4fb271f0ae93f00aa7bb75"`);
    await queryRunner.query(`DROP INDEX "IDX_f863dfe83793b9ef73a318262e"`);
    await queryRunner.query(`DROP TABLE "shop_variant_link"`);
    await queryRunner.query(`DROP INDEX "IDX_5721ddf6141df2e0151edd64d1"`);
    await queryRunner.query(`DROP TABLE "shop_image_source"`);
  }
}
