import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WebchatMessagesSqlite1795431000000 implements MigrationInterface {
  name = 'WebchatMessagesSqlite1795431000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "webchat_message" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "storeSlug" varchar(64) NOT NULL, "visitorId" varchar(64) NOT NULL, "messageId" varchar(64) NOT NULL, "author" varchar(10) NOT NULL, "content" text NOT NULL, "at" datetime NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_84077304a2e749608e805786ad" ON "webchat_message" ("storeSlug", "visitorId", "author", "messageId")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "webchat_message"`);
  }
}
