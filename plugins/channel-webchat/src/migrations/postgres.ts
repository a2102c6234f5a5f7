import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WebchatMessagesPostgres1795431000000 implements MigrationInterface {
  name = 'WebchatMessagesPostgres1795431000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "webchat_message" ("id" SERIAL NOT NULL, "storeSlug" character varying(64) NOT NULL, "visitorId" character varying(64) NOT NULL, "messageId" character varying(64) NOT NULL, "author" character varying(10) NOT NULL, "content" text NOT NULL, "at" TIMESTAMP NOT NULL, CONSTRAINT "PK_ea44e67d6439ab145d353ba9e64" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_84077304a2e749608e805786ad" ON "webchat_message" ("storeSlug", "visitorId", "author", "messageId")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "webchat_message"`);
  }
}
