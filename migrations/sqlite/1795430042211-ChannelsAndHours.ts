import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ChannelsAndHours1795430042211 implements MigrationInterface {
  name = 'ChannelsAndHours1795430042211';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "temporary_store" ("id" varchar PRIMARY KEY NOT NULL, "slug" varchar(64) NOT NULL, "name" varchar(200) NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "currency" varchar(3) NOT NULL DEFAULT ('EUR'), "timeZone" varchar(64) NOT NULL DEFAULT ('UTC'), "defaultLanguage" varchar(2) NOT NULL DEFAULT ('en'), "taxMode" varchar(16) NOT NULL DEFAULT ('inclusive'), "taxRateBasisPoints" integer NOT NULL DEFAULT (0), "catalogVersion" integer NOT NULL DEFAULT (0), "nextOrderNumber" integer NOT NULL DEFAULT (1001), "latitude" double precision, "longitude" double precision, "openingHours" text, CONSTRAINT "UQ_bff9b535dff86abbb2fe8779958" UNIQUE ("slug"))`);
    await queryRunner.query(`INSERT INTO "temporary_store"("id", "slug", "name", "createdAt", "updatedAt", "currency", "timeZone", "defaultLanguage", "taxMode", "taxRateBasisPoints", "catalogVersion", "nextOrderNumber", "latitude", "longitude") SELECT "id", "slug", "name", "createdAt", "updatedAt", "currency", "timeZone", "defaultLanguage", "taxMode", "taxRateBasisPoints", "catalogVersion", "nextOrderNumber", "latitude", "longitude" FROM "store"`);
    await queryRunner.query(`DROP TABLE "store"`);
    await queryRunner.query(`ALTER TABLE "temporary_store" RENAME TO "store"`);
    await queryRunner.query(`DROP INDEX "IDX_fb67e6f2901ec08715e48423f7"`);
    await queryRunner.query(`DROP INDEX "IDX_6028d4ca81e27e606fc43410eb"`);
    await queryRunner.query(`DROP INDEX "IDX_a57a6ac19f040429b0c1844910"`);
    await queryRunner.query(`DROP INDEX "IDX_37fd3c80540abef761c7abcfb1"`);
    await queryRunner.query(`CREATE TABLE "temporary_order" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "number" integer NOT NULL, "publicCode" varchar(16) NOT NULL, "status" varchar(20) NOT NULL, "version" integer NOT NULL DEFAULT (1), "customerRef" varchar(200) NOT NULL, "customerName" varchar(200), "customerPhone" varchar(50), "fulfilment" text NOT NULL, "subtotalAmount" integer NOT NULL, "deliveryFeeAmount" integer NOT NULL, "taxAmount" integer NOT NULL, "tipAmount" integer NOT NULL, "totalAmount" integer NOT NULL, "refundedAmount" integer NOT NULL DEFAULT (0), "currency" varchar(3) NOT NULL, "paymentMethod" varchar(30) NOT NULL, "paymentStatus" varchar(20) NOT NULL DEFAULT ('unpaid'), "statusReason" text, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "channel" varchar(30) NOT NULL DEFAULT ('api'), CONSTRAINT "FK_1a79b2f719ecd9f307d62b81093" FOREIGN KEY ("storeId") REFERENCES "store" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_order"("id", "storeId", "number", "publicCode", "status", "version", "customerRef", "customerName", "customerPhone", "fulfilment", "subtotalAmount", "deliveryFeeAmount", "taxAmount", "tipAmount", "totalAmount", "refundedAmount", "currency", "paymentMethod", "paymentStatus", "statusReason", "createdAt", "updatedAt") SELECT "id", "storeId", "number", "publicCode", "status", "version", "customerRef", "customerName", "customerPhone", "fulfilment", "subtotalAmount", "deliveryFeeAmount", "taxAmount", "tipAmount", "totalAmount", "refundedAmount", "currency", "paymentMethod", "paymentStatus", "statusReason", "createdAt", "updatedAt" FROM "order"`);
    await queryRunner.query(`DROP TABLE "order"`);
    await queryRunner.query(`ALTER TABLE "temporary_order" RENAME TO "order"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_fb67e6f2901ec08715e48423f7" ON "order" ("storeId", "number") `);
    await queryRunner.query(`CREATE INDEX "IDX_6028d4ca81e27e606fc43410eb" ON "order" ("storeId", "createdAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_a57a6ac19f040429b0c1844910" ON "order" ("storeId", "status") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_37fd3c80540abef761c7abcfb1" ON "order" ("publicCode") `);
    await queryRunner.query(`DROP INDEX "IDX_fe51a9dd34a9eb3fdca4883641"`);
    await queryRunner.query(`CREATE TABLE "temporary_cart" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "customerRef" varchar(200) NOT NULL, "customerName" varchar(200), "customerPhone" varchar(50), "lines" text NOT NULL, "fulfilment" text, "tipAmount" integer NOT NULL DEFAULT (0), "orderId" varchar, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "channel" varchar(30) NOT NULL DEFAULT ('api'), CONSTRAINT "FK_20e86d185ed6b2efa0d0add08eb" FOREIGN KEY ("storeId") REFERENCES "store" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_cart"("id", "storeId", "customerRef", "customerName", "customerPhone", "lines", "fulfilment", "tipAmount", "orderId", "createdAt", "updatedAt") SELECT "id", "storeId", "customerRef", "customerName", "customerPhone", "lines", "fulfilment", "tipAmount", "orderId", "createdAt", "updatedAt" FROM "cart"`);
    await queryRunner.query(`DROP TABLE "cart"`);
    await queryRunner.query(`ALTER TABLE "temporary_cart" RENAME TO "cart"`);
    await queryRunner.query(`CREATE INDEX "IDX_fe51a9dd34a9eb3fdca4883641" ON "cart" ("storeId", "customerRef") `);
    await queryRunner.query(`CREATE INDEX "IDX_e115f376c5ac50e512c62e8dd0" ON "order" ("storeId", "channel") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_e115f376c5ac50e512c62e8dd0"`);
    await queryRunner.query(`DROP INDEX "IDX_fe51a9dd34a9eb3fdca4883641"`);
    await queryRunner.query(`ALTER TABLE "cart" RENAME TO "temporary_cart"`);
    await queryRunner.query(`CREATE TABLE "cart" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "customerRef" varchar(200) NOT NULL, "customerName" varchar(200), "customerPhone" varchar(50), "lines" text NOT NULL, "fulfilment" text, "tipAmount" integer NOT NULL DEFAULT (0), "orderId" varchar, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_20e86d185ed6b2efa0d0add08eb" FOREIGN KEY ("storeId") REFERENCES "store" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "cart"("id", "storeId", "customerRef", "customerName", "customerPhone", "lines", "fulfilment", "tipAmount", "orderId", "createdAt", "updatedAt") SELECT "id", "storeId", "customerRef", "customerName", "customerPhone", "lines", "fulfilment", "tipAmount", "orderId", "createdAt", "updatedAt" FROM "temporary_cart"`);
    await queryRunner.query(`DROP TABLE "temporary_cart"`);
    await queryRunner.query(`CREATE INDEX "IDX_fe51a9dd34a9eb3fdca4883641" ON "cart" ("storeId", "customerRef") `);
    await queryRunner.query(`DROP INDEX "IDX_37fd3c80540abef761c7abcfb1"`);
    await queryRunner.query(`DROP INDEX "IDX_a57a6ac19f040429b0c1844910"`);
    await queryRunner.query(`DROP INDEX "IDX_6028d4ca81e27e606fc43410eb"`);
    await queryRunner.query(`DROP INDEX "IDX_fb67e6f2901ec08715e48423f7"`);
    await queryRunner.query(`ALTER TABLE "order" RENAME TO "temporary_order"`);
    await queryRunner.query(`CREATE TABLE "order" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "number" integer NOT NULL, "publicCode" varchar(16) NOT NULL, "status" varchar(20) NOT NULL, "version" integer NOT NULL DEFAULT (1), "customerRef" varchar(200) NOT NULL, "customerName" varchar(200), "customerPhone" varchar(50), "fulfilment" text NOT NULL, "subtotalAmount" integer NOT NULL, "deliveryFeeAmount" integer NOT NULL, "taxAmount" integer NOT NULL, "tipAmount" integer NOT NULL, "totalAmount" integer NOT NULL, "refundedAmount" integer NOT NULL DEFAULT (0), "currency" varchar(3) NOT NULL, "paymentMethod" varchar(30) NOT NULL, "paymentStatus" varchar(20) NOT NULL DEFAULT ('unpaid'), "statusReason" text, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_1a79b2f719ecd9f307d62b81093" FOREIGN KEY ("storeId") REFERENCES "store" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "order"("id", "storeId", "number", "publicCode", "status", "version", "customerRef", "customerName", "customerPhone", "fulfilment", "subtotalAmount", "deliveryFeeAmount", "taxAmount", "tipAmount", "totalAmount", "refundedAmount", "currency", "paymentMethod", "paymentStatus", "statusReason", "createdAt", "updatedAt") SELECT "id", "storeId", "number", "publicCode", "status", "version", "customerRef", "customerName", "customerPhone", "fulfilment", "subtotalAmount", "deliveryFeeAmount", "taxAmount", "tipAmount", "totalAmount", "refundedAmount", "currency", "paymentMethod", "paymentStatus", "statusReason", "createdAt", "updatedAt" FROM "temporary_order"`);
    await queryRunner.query(`DROP TABLE "temporary_order"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_37fd3c80540abef761c7abcfb1" ON "order" ("publicCode") `);
    await queryRunner.query(`CREATE INDEX "IDX_a57a6ac19f040429b0c1844910" ON "order" ("storeId", "status") `);
    await queryRunner.query(`CREATE INDEX "IDX_6028d4ca81e27e606fc43410eb" ON "order" ("storeId", "createdAt") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_fb67e6f2901ec08715e48423f7" ON "order" ("storeId", "number") `);
    await queryRunner.query(`ALTER TABLE "store" RENAME TO "temporary_store"`);
    await queryRunner.query(`CREATE TABLE "store" ("id" varchar PRIMARY KEY NOT NULL, "slug" varchar(64) NOT NULL, "name" varchar(200) NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "currency" varchar(3) NOT NULL DEFAULT ('EUR'), "timeZone" varchar(64) NOT NULL DEFAULT ('UTC'), "defaultLanguage" varchar(2) NOT NULL DEFAULT ('en'), "taxMode" varchar(16) NOT NULL DEFAULT ('inclusive'), "taxRateBasisPoints" integer NOT NULL DEFAULT (0), "catalogVersion" integer NOT NULL DEFAULT (0), "nextOrderNumber" integer NOT NULL DEFAULT (1001), "latitude" double precision, "longitude" double precision, CONSTRAINT "UQ_bff9b535dff86abbb2fe8779958" UNIQUE ("slug"))`);
    await queryRunner.query(`INSERT INTO "store"("id", "slug", "name", "createdAt", "updatedAt", "currency", "timeZone", "defaultLanguage", "taxMode", "taxRateBasisPoints", "catalogVersion", "nextOrderNumber", "latitude", "longitude") SELECT "id", "slug", "name", "createdAt", "updatedAt", "currency", "timeZone", "defaultLanguage", "taxMode", "taxRateBasisPoints", "catalogVersion", "nextOrderNumber", "latitude", "longitude" FROM "temporary_store"`);
    await queryRunner.query(`DROP TABLE "temporary_store"`);
  }
}
