import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WebhooksSqlite1795449053830 implements MigrationInterface {
  name = 'WebhooksSqlite1795449053830';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "webhook_endpoint" ("id" varchar(36) PRIMARY KEY NOT NULL, "storeId" varchar(36) NOT NULL, "url" varchar(2048) NOT NULL, "description" varchar(200), "eventTypes" text NOT NULL, "secret" varchar(100) NOT NULL, "enabled" boolean NOT NULL, "disabledReason" varchar(300), "disabledAt" datetime, "failedDeliveriesInRow" integer NOT NULL DEFAULT (0), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_8119e29ae68f6b43280ff07620" ON "webhook_endpoint" ("storeId", "createdAt")`);
    await queryRunner.query(
      `CREATE TABLE "webhook_delivery" ("id" varchar(36) PRIMARY KEY NOT NULL, "storeId" varchar(36) NOT NULL, "endpointId" varchar(36) NOT NULL, "eventId" varchar(36) NOT NULL, "eventType" varchar(100) NOT NULL, "body" text NOT NULL, "status" varchar(16) NOT NULL, "attempts" integer NOT NULL DEFAULT (0), "queuedAt" datetime, "finishedAt" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_aa80c1d0b71d372bd9d844ada20" FOREIGN KEY ("endpointId") REFERENCES "webhook_endpoint" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_edb08c17c5ff5d0259e5f4e399" ON "webhook_delivery" ("status", "queuedAt")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_edcc56b39d6df747b4c0fc7b04" ON "webhook_delivery" ("endpointId", "eventId")`);
    await queryRunner.query(
      `CREATE TABLE "webhook_delivery_attempt" ("id" varchar(36) PRIMARY KEY NOT NULL, "endpointId" varchar(36) NOT NULL, "deliveryId" varchar(36) NOT NULL, "eventId" varchar(36) NOT NULL, "eventType" varchar(100) NOT NULL, "attempt" integer NOT NULL, "succeeded" boolean NOT NULL, "statusCode" integer, "durationMs" integer NOT NULL, "error" varchar(300), "responseBody" text, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_197dbebdde21c4669119d8c81bf" FOREIGN KEY ("deliveryId") REFERENCES "webhook_delivery" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_197dbebdde21c4669119d8c81b" ON "webhook_delivery_attempt" ("deliveryId")`);
    await queryRunner.query(`CREATE INDEX "IDX_c14bd4a283cdb88539b4411977" ON "webhook_delivery_attempt" ("endpointId", "createdAt")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "webhook_delivery_attempt"`);
    await queryRunner.query(`DROP TABLE "webhook_delivery"`);
    await queryRunner.query(`DROP TABLE "webhook_endpoint"`);
  }
}
