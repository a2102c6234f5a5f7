import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReceivedMessageSequence1795450832711 implements MigrationInterface {
  name = 'ReceivedMessageSequence1795450832711';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_8d351f47b3aa5b8f443f72a8b0"`);
    await queryRunner.query(`DROP INDEX "IDX_6f5ae38e1c9f6618fc1e4e718f"`);
    await queryRunner.query(`CREATE TABLE "temporary_received_message" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "storeId" varchar NOT NULL, "channel" varchar(30) NOT NULL, "channelUserId" varchar(100) NOT NULL, "providerMessageId" varchar(200) NOT NULL, "message" text NOT NULL, "raw" text, "receivedAt" datetime NOT NULL, "processedAt" datetime, "sequence" bigint)`);
    await queryRunner.query(`INSERT INTO "temporary_received_message"("id", "storeId", "channel", "channelUserId", "providerMessageId", "message", "raw", "receivedAt", "processedAt") SELECT "id", "storeId", "channel", "channelUserId", "providerMessageId", "message", "raw", "receivedAt", "processedAt" FROM "received_message"`);
    await queryRunner.query(`DROP TABLE "received_message"`);
    await queryRunner.query(`ALTER TABLE "temporary_received_message" RENAME TO "received_message"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_8d351f47b3aa5b8f443f72a8b0" ON "received_message" ("channel", "providerMessageId") `);
    await queryRunner.query(`CREATE INDEX "IDX_6f5ae38e1c9f6618fc1e4e718f" ON "received_message" ("storeId", "channel", "channelUserId", "processedAt") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_6f5ae38e1c9f6618fc1e4e718f"`);
    await queryRunner.query(`DROP INDEX "IDX_8d351f47b3aa5b8f443f72a8b0"`);
    await queryRunner.query(`ALTER TABLE "received_message" RENAME TO "temporary_received_message"`);
    await queryRunner.query(`CREATE TABLE "received_message" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "storeId" varchar NOT NULL, "channel" varchar(30) NOT NULL, "channelUserId" varchar(100) NOT NULL, "providerMessageId" varchar(200) NOT NULL, "message" text NOT NULL, "raw" text, "receivedAt" datetime NOT NULL, "processedAt" datetime)`);
    await queryRunner.query(`INSERT INTO "received_message"("id", "storeId", "channel", "channelUserId", "providerMessageId", "message", "raw", "receivedAt", "processedAt") SELECT "id", "storeId", "channel", "channelUserId", "providerMessageId", "message", "raw", "receivedAt", "processedAt" FROM "temporary_received_message"`);
    await queryRunner.query(`DROP TABLE "temporary_received_message"`);
    await queryRunner.query(`CREATE INDEX "IDX_6f5ae38e1c9f6618fc1e4e718f" ON "received_message" ("storeId", "channel", "channelUserId", "processedAt") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_8d351f47b3aa5b8f443f72a8b0" ON "received_message" ("channel", "providerMessageId") `);
  }
}
