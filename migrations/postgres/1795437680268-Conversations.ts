import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Conversations1795437680268 implements MigrationInterface {
  name = 'Conversations1795437680268';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "received_message" ("id" SERIAL NOT NULL, "storeId" uuid NOT NULL, "channel" character varying(30) NOT NULL, "channelUserId" character varying(100) NOT NULL, "providerMessageId" character varying(200) NOT NULL, "message" text NOT NULL, "raw" text, "receivedAt" TIMESTAMP NOT NULL, "processedAt" TIMESTAMP, CONSTRAINT "PK_0bd1cfe05dbb3bc22d0abbcf7ac" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_6f5ae38e1c9f6618fc1e4e718f" ON "received_message"  ("storeId", "channel", "channelUserId", "processedAt") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_8d351f47b3aa5b8f443f72a8b0" ON "received_message"  ("channel", "providerMessageId") `);
    await queryRunner.query(`CREATE TABLE "contact" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "storeId" uuid NOT NULL, "name" character varying(200), "language" character varying(2), "optedOut" boolean NOT NULL DEFAULT false, "marketingOptedOut" boolean NOT NULL DEFAULT false, "consentChangedAt" TIMESTAMP, "consentChangedVia" character varying(100), "crmId" character varying(100), "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_2cbbe00f59ab6b3bb5b8d19f989" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_326a6efe45702a0d860f87d207" ON "contact"  ("storeId", "createdAt") `);
    await queryRunner.query(`CREATE TABLE "contact_identity" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "storeId" uuid NOT NULL, "contactId" uuid NOT NULL, "channel" character varying(30) NOT NULL, "channelUserId" character varying(100) NOT NULL, "lastCustomerMessageAt" TIMESTAMP, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_ead925f95a2dc807ba0c4fa8b6d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_dfa7c3141aa18d7aa01c933267" ON "contact_identity"  ("contactId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_881a3756edf9fdcf1ee8a11bb0" ON "contact_identity"  ("storeId", "channel", "channelUserId") `);
    await queryRunner.query(`CREATE TABLE "conversation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "storeId" uuid NOT NULL, "contactId" uuid NOT NULL, "channel" character varying(30) NOT NULL, "channelUserId" character varying(100) NOT NULL, "accountId" character varying(100), "status" character varying(20) NOT NULL DEFAULT 'assistant', "assignedTo" character varying(64), "unreadCount" integer NOT NULL DEFAULT '0', "lastMessageAt" TIMESTAMP, "staffSince" TIMESTAMP, "assistantState" text, "leaseOwner" character varying(36), "leaseUntil" TIMESTAMP, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_864528ec4274360a40f66c29845" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_3fee84ad34b0ab9aaa18c0622d" ON "conversation"  ("storeId", "status") `);
    await queryRunner.query(`CREATE INDEX "IDX_6af692756130019ccb5c5811ca" ON "conversation"  ("storeId", "lastMessageAt") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_524646ffc7eaa12769ec5df438" ON "conversation"  ("storeId", "channel", "channelUserId") `);
    await queryRunner.query(`CREATE TABLE "message" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "storeId" uuid NOT NULL, "conversationId" uuid NOT NULL, "author" character varying(10) NOT NULL, "authorId" character varying(64), "content" text NOT NULL, "text" text NOT NULL, "mediaKey" character varying(300), "receivedMessageId" integer, "providerMessageId" character varying(200), "status" character varying(10) NOT NULL, "error" character varying(500), "statusAt" TIMESTAMP, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_ba01f0a3e0123651915008bc578" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_a76aea1489f2ea8fdf8b0173fb" ON "message"  ("receivedMessageId") `);
    await queryRunner.query(`CREATE INDEX "IDX_c43a072f71e9e5dab8e9322d97" ON "message"  ("providerMessageId") `);
    await queryRunner.query(`CREATE INDEX "IDX_e330398c18c7d9696967901f16" ON "message"  ("conversationId", "createdAt") `);
    await queryRunner.query(`CREATE TABLE "malformed_webhook" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "channel" character varying(30) NOT NULL, "body" text NOT NULL, "reason" character varying(500) NOT NULL, "receivedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_bc8ba245faa78d868659ff95c10" PRIMARY KEY ("id"))`);
    await queryRunner.query(`ALTER TABLE "store" ADD "closedDates" text NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`ALTER TABLE "store" ADD "whenClosed" character varying(20) NOT NULL DEFAULT 'questions_only'`);
    await queryRunner.query(`ALTER TABLE "store" ADD "faq" text NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "store" ADD "staffTimeoutMinutes" integer NOT NULL DEFAULT '30'`);
    await queryRunner.query(`ALTER TABLE "contact" ADD CONSTRAINT "FK_3b5874a058fb1adfa1666658d35" FOREIGN KEY ("storeId") REFERENCES "store"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "contact_identity" ADD CONSTRAINT "FK_e207c5cc567e60be02b6c6219a7" FOREIGN KEY ("storeId") REFERENCES "store"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "conversation" ADD CONSTRAINT "FK_d56768771bef955592bfe6cb41b" FOREIGN KEY ("storeId") REFERENCES "store"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "message" ADD CONSTRAINT "FK_54fa04c1b90bab6a11228211279" FOREIGN KEY ("storeId") REFERENCES "store"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "message" DROP CONSTRAINT "FK_54fa04c1b90bab6a11228211279"`);
    await queryRunner.query(`ALTER TABLE "conversation" DROP CONSTRAINT "FK_d56768771bef955592bfe6cb41b"`);
    await queryRunner.query(`ALTER TABLE "contact_identity" DROP CONSTRAINT "FK_e207c5cc567e60be02b6c6219a7"`);
    await queryRunner.query(`ALTER TABLE "contact" DROP CONSTRAINT "FK_3b5874a058fb1adfa1666658d35"`);
    await queryRunner.query(`ALTER TABLE "store" DROP COLUMN "staffTimeoutMinutes"`);
    await queryRunner.query(`ALTER TABLE "store" DROP COLUMN "faq"`);
    await queryRunner.query(`ALTER TABLE "store" DROP COLUMN "whenClosed"`);
    await queryRunner.query(`ALTER TABLE "store" DROP COLUMN "closedDates"`);
    await queryRunner.query(`DROP TABLE "malformed_webhook"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e330398c18c7d9696967901f16"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c43a072f71e9e5dab8e9322d97"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a76aea1489f2ea8fdf8b0173fb"`);
    await queryRunner.query(`DROP TABLE "message"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_524646ffc7eaa12769ec5df438"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6af692756130019ccb5c5811ca"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3fee84ad34b0ab9aaa18c0622d"`);
    await queryRunner.query(`DROP TABLE "conversation"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_881a3756edf9fdcf1ee8a11bb0"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_dfa7c3141aa18d7aa01c933267"`);
    await queryRunner.query(`DROP TABLE "contact_identity"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_326a6efe45702a0d860f87d207"`);
    await queryRunner.query(`DROP TABLE "contact"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8d351f47b3aa5b8f443f72a8b0"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6f5ae38e1c9f6618fc1e4e718f"`);
    await queryRunner.query(`DROP TABLE "received_message"`);
  }
}
