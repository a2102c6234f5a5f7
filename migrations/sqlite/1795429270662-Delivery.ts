import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Delivery1795429270662 implements MigrationInterface {
  name = 'Delivery1795429270662';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "delivery" ("id" varchar PRIMARY KEY NOT NULL, "orderId" varchar NOT NULL, "storeId" varchar NOT NULL, "courier" varchar(50) NOT NULL DEFAULT ('own'), "driverName" varchar(100), "driverPhone" varchar(50), "trackingNumber" varchar(100), "trackingUrl" varchar(500), "eta" datetime, "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "UQ_b37d51328f9ca210b573b19372c" UNIQUE ("orderId"), CONSTRAINT "REL_b37d51328f9ca210b573b19372" UNIQUE ("orderId"))`);
    await queryRunner.query(`CREATE TABLE "delivery_event" ("id" varchar PRIMARY KEY NOT NULL, "deliveryId" varchar NOT NULL, "status" varchar(50) NOT NULL, "note" varchar(300), "latitude" double precision, "longitude" double precision, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
    await queryRunner.query(`CREATE INDEX "IDX_6adcf8f4def69eeea4d3bcdca7" ON "delivery_event" ("deliveryId", "createdAt") `);
    await queryRunner.query(`CREATE TABLE "temporary_delivery" ("id" varchar PRIMARY KEY NOT NULL, "orderId" varchar NOT NULL, "storeId" varchar NOT NULL, "courier" varchar(50) NOT NULL DEFAULT ('own'), "driverName" varchar(100), "driverPhone" varchar(50), "trackingNumber" varchar(100), "trackingUrl" varchar(500), "eta" datetime, "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "UQ_b37d51328f9ca210b573b19372c" UNIQUE ("orderId"), CONSTRAINT "REL_b37d51328f9ca210b573b19372" UNIQUE ("orderId"), CONSTRAINT "FK_b37d51328f9ca210b573b19372c" FOREIGN KEY ("orderId") REFERENCES "order" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_delivery"("id", "orderId", "storeId", "courier", "driverName", "driverPhone", "trackingNumber", "trackingUrl", "eta", "updatedAt") SELECT "id", "orderId", "storeId", "courier", "driverName", "driverPhone", "trackingNumber", "trackingUrl", "eta", "updatedAt" FROM "delivery"`);
    await queryRunner.query(`DROP TABLE "delivery"`);
    await queryRunner.query(`ALTER TABLE "temporary_delivery" RENAME TO "delivery"`);
    await queryRunner.query(`DROP INDEX "IDX_6adcf8f4def69eeea4d3bcdca7"`);
    await queryRunner.query(`CREATE TABLE "temporary_delivery_event" ("id" varchar PRIMARY KEY NOT NULL, "deliveryId" varchar NOT NULL, "status" varchar(50) NOT NULL, "note" varchar(300), "latitude" double precision, "longitude" double precision, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_01f2ecd95ccaed8a9b449215fb5" FOREIGN KEY ("deliveryId") REFERENCES "delivery" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_delivery_event"("id", "deliveryId", "status", "note", "latitude", "longitude", "createdAt") SELECT "id", "deliveryId", "status", "note", "latitude", "longitude", "createdAt" FROM "delivery_event"`);
    await queryRunner.query(`DROP TABLE "delivery_event"`);
    await queryRunner.query(`ALTER TABLE "temporary_delivery_event" RENAME TO "delivery_event"`);
    await queryRunner.query(`CREATE INDEX "IDX_6adcf8f4def69eeea4d3bcdca7" ON "delivery_event" ("deliveryId", "createdAt") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_6adcf8f4def69eeea4d3bcdca7"`);
    await queryRunner.query(`ALTER TABLE "delivery_event" RENAME TO "temporary_delivery_event"`);
    await queryRunner.query(`CREATE TABLE "delivery_event" ("id" varchar PRIMARY KEY NOT NULL, "deliveryId" varchar NOT NULL, "status" varchar(50) NOT NULL, "note" varchar(300), "latitude" double precision, "longitude" double precision, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
    await queryRunner.query(`INSERT INTO "delivery_event"("id", "deliveryId", "status", "note", "latitude", "longitude", "createdAt") SELECT "id", "deliveryId", "status", "note", "latitude", "longitude", "createdAt" FROM "temporary_delivery_event"`);
    await queryRunner.query(`DROP TABLE "temporary_delivery_event"`);
    await queryRunner.query(`CREATE INDEX "IDX_6adcf8f4def69eeea4d3bcdca7" ON "delivery_event" ("deliveryId", "createdAt") `);
    await queryRunner.query(`ALTER TABLE "delivery" RENAME TO "temporary_delivery"`);
    await queryRunner.query(`CREATE TABLE "delivery" ("id" varchar PRIMARY KEY NOT NULL, "orderId" varchar NOT NULL, "storeId" varchar NOT NULL, "courier" varchar(50) NOT NULL DEFAULT ('own'), "driverName" varchar(100), "driverPhone" varchar(50), "trackingNumber" varchar(100), "trackingUrl" varchar(500), "eta" datetime, "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "UQ_b37d51328f9ca210b573b19372c" UNIQUE ("orderId"), CONSTRAINT "REL_b37d51328f9ca210b573b19372" UNIQUE ("orderId"))`);
    await queryRunner.query(`INSERT INTO "delivery"("id", "orderId", "storeId", "courier", "driverName", "driverPhone", "trackingNumber", "trackingUrl", "eta", "updatedAt") SELECT "id", "orderId", "storeId", "courier", "driverName", "driverPhone", "trackingNumber", "trackingUrl", "eta", "updatedAt" FROM "temporary_delivery"`);
    await queryRunner.query(`DROP TABLE "temporary_delivery"`);
    await queryRunner.query(`DROP INDEX "IDX_6adcf8f4def69eeea4d3bcdca7"`);
    await queryRunner.query(`DROP TABLE "delivery_event"`);
    await queryRunner.query(`DROP TABLE "delivery"`);
  }
}
