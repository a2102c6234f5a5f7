import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Payments1795429901056 implements MigrationInterface {
  name = 'Payments1795429901056';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "payment" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "orderId" varchar NOT NULL, "provider" varchar(30) NOT NULL, "providerReference" varchar(200) NOT NULL, "url" varchar(1000) NOT NULL, "status" varchar(20) NOT NULL DEFAULT ('open'), "amount" integer NOT NULL, "currency" varchar(3) NOT NULL, "expiresAt" datetime NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`);
    await queryRunner.query(`CREATE INDEX "IDX_b4e5cf984eee1b00c689c02a1f" ON "payment" ("orderId", "createdAt") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_7beba25af574328c30384c9c52" ON "payment" ("provider", "providerReference") `);
    await queryRunner.query(`CREATE TABLE "payment_event" ("id" varchar PRIMARY KEY NOT NULL, "provider" varchar(30) NOT NULL, "eventId" varchar(200) NOT NULL, "kind" varchar(20) NOT NULL, "orderId" varchar, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_54c1272d9455ace9e789566957" ON "payment_event" ("provider", "eventId") `);
    await queryRunner.query(`CREATE TABLE "refund" ("id" varchar PRIMARY KEY NOT NULL, "orderId" varchar NOT NULL, "amount" integer NOT NULL, "method" varchar(30) NOT NULL, "providerRefundId" varchar(200), "reason" text, "requestedBy" varchar(200), "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
    await queryRunner.query(`CREATE INDEX "IDX_c099035aaba621424fd8ba3748" ON "refund" ("orderId", "createdAt") `);
    await queryRunner.query(`DROP INDEX "IDX_b4e5cf984eee1b00c689c02a1f"`);
    await queryRunner.query(`DROP INDEX "IDX_7beba25af574328c30384c9c52"`);
    await queryRunner.query(`CREATE TABLE "temporary_payment" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "orderId" varchar NOT NULL, "provider" varchar(30) NOT NULL, "providerReference" varchar(200) NOT NULL, "url" varchar(1000) NOT NULL, "status" varchar(20) NOT NULL DEFAULT ('open'), "amount" integer NOT NULL, "currency" varchar(3) NOT NULL, "expiresAt" datetime NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_d09d285fe1645cd2f0db811e293" FOREIGN KEY ("orderId") REFERENCES "order" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_payment"("id", "storeId", "orderId", "provider", "providerReference", "url", "status", "amount", "currency", "expiresAt", "createdAt", "updatedAt") SELECT "id", "storeId", "orderId", "provider", "providerReference", "url", "status", "amount", "currency", "expiresAt", "createdAt", "updatedAt" FROM "payment"`);
    await queryRunner.query(`DROP TABLE "payment"`);
    await queryRunner.query(`ALTER TABLE "temporary_payment" RENAME TO "payment"`);
    await queryRunner.query(`CREATE INDEX "IDX_b4e5cf984eee1b00c689c02a1f" ON "payment" ("orderId", "createdAt") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_7beba25af574328c30384c9c52" ON "payment" ("provider", "providerReference") `);
    await queryRunner.query(`DROP INDEX "IDX_c099035aaba621424fd8ba3748"`);
    await queryRunner.query(`CREATE TABLE "temporary_refund" ("id" varchar PRIMARY KEY NOT NULL, "orderId" varchar NOT NULL, "amount" integer NOT NULL, "method" varchar(30) NOT NULL, "providerRefundId" varchar(200), "reason" text, "requestedBy" varchar(200), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_1f1294d539d9bbfe6c5b7de66b0" FOREIGN KEY ("orderId") REFERENCES "order" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_refund"("id", "orderId", "amount", "method", "providerRefundId", "reason", "requestedBy", "createdAt") SELECT "id", "orderId", "amount", "method", "providerRefundId", "reason", "requestedBy", "createdAt" FROM "refund"`);
    await queryRunner.query(`DROP TABLE "refund"`);
    await queryRunner.query(`ALTER TABLE "temporary_refund" RENAME TO "refund"`);
    await queryRunner.query(`CREATE INDEX "IDX_c099035aaba621424fd8ba3748" ON "refund" ("orderId", "createdAt") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_c099035aaba621424fd8ba3748"`);
    await queryRunner.query(`ALTER TABLE "refund" RENAME TO "temporary_refund"`);
    await queryRunner.query(`CREATE TABLE "refund" ("id" varchar PRIMARY KEY NOT NULL, "orderId" varchar NOT NULL, "amount" integer NOT NULL, "method" varchar(30) NOT NULL, "providerRefundId" varchar(200), "reason" text, "requestedBy" varchar(200), "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
    await queryRunner.query(`INSERT INTO "refund"("id", "orderId", "amount", "method", "providerRefundId", "reason", "requestedBy", "createdAt") SELECT "id", "orderId", "amount", "method", "providerRefundId", "reason", "requestedBy", "createdAt" FROM "temporary_refund"`);
    await queryRunner.query(`DROP TABLE "temporary_refund"`);
    await queryRunner.query(`CREATE INDEX "IDX_c099035aaba621424fd8ba3748" ON "refund" ("orderId", "createdAt") `);
    await queryRunner.query(`DROP INDEX "IDX_7beba25af574328c30384c9c52"`);
    await queryRunner.query(`DROP INDEX "IDX_b4e5cf984eee1b00c689c02a1f"`);
    await queryRunner.query(`ALTER TABLE "payment" RENAME TO "temporary_payment"`);
    await queryRunner.query(`CREATE TABLE "payment" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "orderId" varchar NOT NULL, "provider" varchar(30) NOT NULL, "providerReference" varchar(200) NOT NULL, "url" varchar(1000) NOT NULL, "status" varchar(20) NOT NULL DEFAULT ('open'), "amount" integer NOT NULL, "currency" varchar(3) NOT NULL, "expiresAt" datetime NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`);
    await queryRunner.query(`INSERT INTO "payment"("id", "storeId", "orderId", "provider", "providerReference", "url", "status", "amount", "currency", "expiresAt", "createdAt", "updatedAt") SELECT "id", "storeId", "orderId", "provider", "providerReference", "url", "status", "amount", "currency", "expiresAt", "createdAt", "updatedAt" FROM "temporary_payment"`);
    await queryRunner.query(`DROP TABLE "temporary_payment"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_7beba25af574328c30384c9c52" ON "payment" ("provider", "providerReference") `);
    await queryRunner.query(`CREATE INDEX "IDX_b4e5cf984eee1b00c689c02a1f" ON "payment" ("orderId", "createdAt") `);
    await queryRunner.query(`DROP INDEX "IDX_c099035aaba621424fd8ba3748"`);
    await queryRunner.query(`DROP TABLE "refund"`);
    await queryRunner.query(`DROP INDEX "IDX_54c1272d9455ace9e789566957"`);
    await queryRunner.query(`DROP TABLE "payment_event"`);
    await queryRunner.query(`DROP INDEX "IDX_7beba25af574328c30384c9c52"`);
    await queryRunner.query(`DROP INDEX "IDX_b4e5cf984eee1b00c689c02a1f"`);
    await queryRunner.query(`DROP TABLE "payment"`);
  }
}
