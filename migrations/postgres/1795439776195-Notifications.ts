import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Notifications1795439776195 implements MigrationInterface {
  name = 'Notifications1795439776195';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "notification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "storeId" uuid NOT NULL, "orderId" uuid, "event" character varying(40) NOT NULL, "audience" character varying(10) NOT NULL, "sequence" integer NOT NULL, "values" text NOT NULL, "dueAt" TIMESTAMP NOT NULL, "status" character varying(10) NOT NULL, "channel" character varying(30), "attempts" integer NOT NULL DEFAULT '0', "round" integer NOT NULL DEFAULT '1', "lastError" character varying(500), "sendingAt" TIMESTAMP, "messageId" uuid, "providerMessageId" character varying(200), "sentAt" TIMESTAMP, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_705b6c7cdf9b2c2ff7ac7872cb7" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_972904d3adf27a223c6669a5ad" ON "notification"  ("storeId", "status", "createdAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_23fe9e28d1fcae97bbe3e79970" ON "notification"  ("orderId", "audience", "sequence") `);
    await queryRunner.query(`CREATE INDEX "IDX_db42f5edc74f1d8f1c4fadaa0a" ON "notification"  ("status", "dueAt") `);
    await queryRunner.query(`CREATE TABLE "notification_template" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "storeId" uuid NOT NULL, "event" character varying(32) NOT NULL, "language" character varying(2) NOT NULL, "body" text NOT NULL, "whatsappTemplateName" character varying(512), "whatsappTemplateLanguage" character varying(16), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_d2a6ef77141a01b8ac31f514cfc" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_c9ab82e61a46815dcf26883cfa" ON "notification_template"  ("storeId", "event", "language") `);
    await queryRunner.query(`ALTER TABLE "store" ADD "staffAlertWhatsApp" character varying(20)`);
    await queryRunner.query(`ALTER TABLE "store" ADD "staffAlertWebhookUrl" character varying(500)`);
    await queryRunner.query(`ALTER TABLE "store" ADD "staffAlertWebhookSecret" character varying(64)`);
    await queryRunner.query(`ALTER TABLE "store" ADD "unacceptedAlertMinutes" integer NOT NULL DEFAULT '10'`);
    await queryRunner.query(`ALTER TABLE "store" ADD "paymentReminderMinutes" integer NOT NULL DEFAULT '15'`);
    await queryRunner.query(`ALTER TABLE "notification" ADD CONSTRAINT "FK_e0b91b88a0ec9cdf815e28ba1d1" FOREIGN KEY ("storeId") REFERENCES "store"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "notification_template" ADD CONSTRAINT "FK_1f406669a0b0eaf32775e594cf5" FOREIGN KEY ("storeId") REFERENCES "store"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notification_template" DROP CONSTRAINT "FK_1f406669a0b0eaf32775e594cf5"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "FK_e0b91b88a0ec9cdf815e28ba1d1"`);
    await queryRunner.query(`ALTER TABLE "store" DROP COLUMN "paymentReminderMinutes"`);
    await queryRunner.query(`ALTER TABLE "store" DROP COLUMN "unacceptedAlertMinutes"`);
    await queryRunner.query(`ALTER TABLE "store" DROP COLUMN "staffAlertWebhookSecret"`);
    await queryRunner.query(`ALTER TABLE "store" DROP COLUMN "staffAlertWebhookUrl"`);
    await queryRunner.query(`ALTER TABLE "store" DROP COLUMN "staffAlertWhatsApp"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c9ab82e61a46815dcf26883cfa"`);
    await queryRunner.query(`DROP TABLE "notification_template"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_db42f5edc74f1d8f1c4fadaa0a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_23fe9e28d1fcae97bbe3e79970"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_972904d3adf27a223c6669a5ad"`);
    await queryRunner.query(`DROP TABLE "notification"`);
  }
}
