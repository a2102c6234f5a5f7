import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Notifications1795439776195 implements MigrationInterface {
  name = 'Notifications1795439776195';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "notification" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "orderId" varchar, "event" varchar(40) NOT NULL, "audience" varchar(10) NOT NULL, "sequence" integer NOT NULL, "values" text NOT NULL, "dueAt" datetime NOT NULL, "status" varchar(10) NOT NULL, "channel" varchar(30), "attempts" integer NOT NULL DEFAULT (0), "round" integer NOT NULL DEFAULT (1), "lastError" varchar(500), "sendingAt" datetime, "messageId" varchar, "providerMessageId" varchar(200), "sentAt" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`);
    await queryRunner.query(`CREATE INDEX "IDX_972904d3adf27a223c6669a5ad" ON "notification" ("storeId", "status", "createdAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_23fe9e28d1fcae97bbe3e79970" ON "notification" ("orderId", "audience", "sequence") `);
    await queryRunner.query(`CREATE INDEX "IDX_db42f5edc74f1d8f1c4fadaa0a" ON "notification" ("status", "dueAt") `);
    await queryRunner.query(`CREATE TABLE "notification_template" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "event" varchar(32) NOT NULL, "language" varchar(2) NOT NULL, "body" text NOT NULL, "whatsappTemplateName" varchar(512), "whatsappTemplateLanguage" varchar(16), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_c9ab82e61a46815dcf26883cfa" ON "notification_template" ("storeId", "event", "language") `);
    await queryRunner.query(`CREATE TABLE "temporary_store" ("id" varchar PRIMARY KEY NOT NULL, "slug" varchar(64) NOT NULL, "name" varchar(200) NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "currency" varchar(3) NOT NULL DEFAULT ('EUR'), "timeZone" varchar(64) NOT NULL DEFAULT ('UTC'), "defaultLanguage" varchar(2) NOT NULL DEFAULT ('en'), "taxMode" varchar(16) NOT NULL DEFAULT ('inclusive'), "taxRateBasisPoints" integer NOT NULL DEFAULT (0), "catalogVersion" integer NOT NULL DEFAULT (0), "nextOrderNumber" integer NOT NULL DEFAULT (1001), "latitude" double precision, "longitude" double precision, "openingHours" text, "closedDates" text NOT NULL DEFAULT ('[]'), "whenClosed" varchar(20) NOT NULL DEFAULT ('questions_only'), "faq" text NOT NULL DEFAULT ('{}'), "staffTimeoutMinutes" integer NOT NULL DEFAULT (30), "staffAlertWhatsApp" varchar(20), "staffAlertWebhookUrl" varchar(500), "staffAlertWebhookSecret" varchar(64), "unacceptedAlertMinutes" integer NOT NULL DEFAULT (10), "paymentReminderMinutes" integer NOT NULL DEFAULT (15), CONSTRAINT "UQ_bff9b535dff86abbb2fe8779958" UNIQUE ("slug"))`);
    await queryRunner.query(`INSERT INTO "temporary_store"("id", "slug", "name", "createdAt", "updatedAt", "currency", "timeZone", "defaultLanguage", "taxMode", "taxRateBasisPoints", "catalogVersion", "nextOrderNumber", "latitude", "longitude", "openingHours", "closedDates", "whenClosed", "faq", "staffTimeoutMinutes") SELECT "id", "slug", "name", "createdAt", "updatedAt", "currency", "timeZone", "defaultLanguage", "taxMode", "taxRateBasisPoints", "catalogVersion", "nextOrderNumber", "latitude", "longitude", "openingHours", "closedDates", "whenClosed", "faq", "staffTimeoutMinutes" FROM "store"`);
    await queryRunner.query(`DROP TABLE "store"`);
    await queryRunner.query(`ALTER TABLE "temporary_store" RENAME TO "store"`);
    await queryRunner.query(`DROP INDEX "IDX_972904d3adf27a223c6669a5ad"`);
    await queryRunner.query(`DROP INDEX "IDX_23fe9e28d1fcae97bbe3e79970"`);
    await queryRunner.query(`DROP INDEX "IDX_db42f5edc74f1d8f1c4fadaa0a"`);
    await queryRunner.query(`CREATE TABLE "temporary_notification" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "orderId" varchar, "event" varchar(40) NOT NULL, "audience" varchar(10) NOT NULL, "sequence" integer NOT NULL, "values" text NOT NULL, "dueAt" datetime NOT NULL, "status" varchar(10) NOT NULL, "channel" varchar(30), "attempts" integer NOT NULL DEFAULT (0), "round" integer NOT NULL DEFAULT (1), "lastError" varchar(500), "sendingAt" datetime, "messageId" varchar, "providerMessageId" varchar(200), "sentAt" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_e0b91b88a0ec9cdf815e28ba1d1" FOREIGN KEY ("storeId") REFERENCES "store" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_notification"("id", "storeId", "orderId", "event", "audience", "sequence", "values", "dueAt", "status", "channel", "attempts", "round", "lastError", "sendingAt", "messageId", "providerMessageId", "sentAt", "createdAt", "updatedAt") SELECT "id", "storeId", "orderId", "event", "audience", "sequence", "values", "dueAt", "status", "channel", "attempts", "round", "lastError", "sendingAt", "messageId", "providerMessageId", "sentAt", "createdAt", "updatedAt" FROM "notification"`);
    await queryRunner.query(`DROP TABLE "notification"`);
    await queryRunner.query(`ALTER TABLE "temporary_notification" RENAME TO "notification"`);
    await queryRunner.query(`CREATE INDEX "IDX_972904d3adf27a223c6669a5ad" ON "notification" ("storeId", "status", "createdAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_23fe9e28d1fcae97bbe3e79970" ON "notification" ("orderId", "audience", "sequence") `);
    await queryRunner.query(`CREATE INDEX "IDX_db42f5edc74f1d8f1c4fadaa0a" ON "notification" ("status", "dueAt") `);
    await queryRunner.query(`DROP INDEX "IDX_c9ab82e61a46815dcf26883cfa"`);
    await queryRunner.query(`CREATE TABLE "temporary_notification_template" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "event" varchar(32) NOT NULL, "language" varchar(2) NOT NULL, "body" text NOT NULL, "whatsappTemplateName" varchar(512), "whatsappTemplateLanguage" varchar(16), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_1f406669a0b0eaf32775e594cf5" FOREIGN KEY ("storeId") REFERENCES "store" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_notification_template"("id", "storeId", "event", "language", "body", "whatsappTemplateName", "whatsappTemplateLanguage", "updatedAt") SELECT "id", "storeId", "event", "language", "body", "whatsappTemplateName", "whatsappTemplateLanguage", "updatedAt" FROM "notification_template"`);
    await queryRunner.query(`DROP TABLE "notification_template"`);
    await queryRunner.query(`ALTER TABLE "temporary_notification_template" RENAME TO "notification_template"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_c9ab82e61a46815dcf26883cfa" ON "notification_template" ("storeId", "event", "language") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_c9ab82e61a46815dcf26883cfa"`);
    await queryRunner.query(`ALTER TABLE "notification_template" RENAME TO "temporary_notification_template"`);
    await queryRunner.query(`CREATE TABLE "notification_template" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "event" varchar(32) NOT NULL, "language" varchar(2) NOT NULL, "body" text NOT NULL, "whatsappTemplateName" varchar(512), "whatsappTemplateLanguage" varchar(16), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`);
    await queryRunner.query(`INSERT INTO "notification_template"("id", "storeId", "event", "language", "body", "whatsappTemplateName", "whatsappTemplateLanguage", "updatedAt") SELECT "id", "storeId", "event", "language", "body", "whatsappTemplateName", "whatsappTemplateLanguage", "updatedAt" FROM "temporary_notification_template"`);
    await queryRunner.query(`DROP TABLE "temporary_notification_template"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_c9ab82e61a46815dcf26883cfa" ON "notification_template" ("storeId", "event", "language") `);
    await queryRunner.query(`DROP INDEX "IDX_db42f5edc74f1d8f1c4fadaa0a"`);
    await queryRunner.query(`DROP INDEX "IDX_23fe9e28d1fcae97bbe3e79970"`);
    await queryRunner.query(`DROP INDEX "IDX_972904d3adf27a223c6669a5ad"`);
    await queryRunner.query(`ALTER TABLE "notification" RENAME TO "temporary_notification"`);
    await queryRunner.query(`CREATE TABLE "notification" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "orderId" varchar, "event" varchar(40) NOT NULL, "audience" varchar(10) NOT NULL, "sequence" integer NOT NULL, "values" text NOT NULL, "dueAt" datetime NOT NULL, "status" varchar(10) NOT NULL, "channel" varchar(30), "attempts" integer NOT NULL DEFAULT (0), "round" integer NOT NULL DEFAULT (1), "lastError" varchar(500), "sendingAt" datetime, "messageId" varchar, "providerMessageId" varchar(200), "sentAt" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`);
    await queryRunner.query(`INSERT INTO "notification"("id", "storeId", "orderId", "event", "audience", "sequence", "values", "dueAt", "status", "channel", "attempts", "round", "lastError", "sendingAt", "messageId", "providerMessageId", "sentAt", "createdAt", "updatedAt") SELECT "id", "storeId", "orderId", "event", "audience", "sequence", "values", "dueAt", "status", "channel", "attempts", "round", "lastError", "sendingAt", "messageId", "providerMessageId", "sentAt", "createdAt", "updatedAt" FROM "temporary_notification"`);
    await queryRunner.query(`DROP TABLE "temporary_notification"`);
    await queryRunner.query(`CREATE INDEX "IDX_db42f5edc74f1d8f1c4fadaa0a" ON "notification" ("status", "dueAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_23fe9e28d1fcae97bbe3e79970" ON "notification" ("orderId", "audience", "sequence") `);
    await queryRunner.query(`CREATE INDEX "IDX_972904d3adf27a223c6669a5ad" ON "notification" ("storeId", "status", "createdAt") `);
    await queryRunner.query(`ALTER TABLE "store" RENAME TO "temporary_store"`);
    await queryRunner.query(`CREATE TABLE "store" ("id" varchar PRIMARY KEY NOT NULL, "slug" varchar(64) NOT NULL, "name" varchar(200) NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "currency" varchar(3) NOT NULL DEFAULT ('EUR'), "timeZone" varchar(64) NOT NULL DEFAULT ('UTC'), "defaultLanguage" varchar(2) NOT NULL DEFAULT ('en'), "taxMode" varchar(16) NOT NULL DEFAULT ('inclusive'), "taxRateBasisPoints" integer NOT NULL DEFAULT (0), "catalogVersion" integer NOT NULL DEFAULT (0), "nextOrderNumber" integer NOT NULL DEFAULT (1001), "latitude" double precision, "longitude" double precision, "openingHours" text, "closedDates" text NOT NULL DEFAULT ('[]'), "whenClosed" varchar(20) NOT NULL DEFAULT ('questions_only'), "faq" text NOT NULL DEFAULT ('{}'), "staffTimeoutMinutes" integer NOT NULL DEFAULT (30), CONSTRAINT "UQ_bff9b535dff86abbb2fe8779958" UNIQUE ("slug"))`);
    await queryRunner.query(`INSERT INTO "store"("id", "slug", "name", "createdAt", "updatedAt", "currency", "timeZone", "defaultLanguage", "taxMode", "taxRateBasisPoints", "catalogVersion", "nextOrderNumber", "latitude", "longitude", "openingHours", "closedDates", "whenClosed", "faq", "staffTimeoutMinutes") SELECT "id", "slug", "name", "createdAt", "updatedAt", "currency", "timeZone", "defaultLanguage", "taxMode", "taxRateBasisPoints", "catalogVersion", "nextOrderNumber", "latitude", "longitude", "openingHours", "closedDates", "whenClosed", "faq", "staffTimeoutMinutes" FROM "temporary_store"`);
    await queryRunner.query(`DROP TABLE "temporary_store"`);
    await queryRunner.query(`DROP INDEX "IDX_c9ab82e61a46815dcf26883cfa"`);
    await queryRunner.query(`DROP TABLE "notification_template"`);
    await queryRunner.query(`DROP INDEX "IDX_db42f5edc74f1d8f1c4fadaa0a"`);
    await queryRunner.query(`DROP INDEX "IDX_23fe9e28d1fcae97bbe3e79970"`);
    await queryRunner.query(`DROP INDEX "IDX_972904d3adf27a223c6669a5ad"`);
    await queryRunner.query(`DROP TABLE "notification"`);
  }
}
