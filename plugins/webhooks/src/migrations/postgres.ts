import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WebhooksPostgres1795449053830 implements MigrationInterface {
  name = 'WebhooksPostgres1795449053830';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "webhook_endpoint" ("id" character varying(36) NOT NULL, "storeId" character varying(36) NOT NULL, "url" character varying(2048) NOT NULL, "description" character varying(200), "eventTypes" text NOT NULL, "secret" character varying(100) NOT NULL, "enabled" boolean NOT NULL, "disabledReason" character varying(300), "disabledAt" TIMESTAMP, "failedDeliveriesInRow" integer NOT NULL DEFAULT '0', "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_6c98112122b2b8a4f3984d2efa8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_8119e29ae68f6b43280ff07620" ON "webhook_endpoint" ("storeId", "createdAt")`);
    await queryRunner.query(
      `CREATE TABLE "webhook_delivery" ("id" character varying(36) NOT NULL, "storeId" character varying(36) NOT NULL, "endpointId" character varying(36) NOT NULL, "eventId" character varying(36) NOT NULL, "eventType" character varying(100) NOT NULL, "body" text NOT NULL, "status" character varying(16) NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "queuedAt" TIMESTAMP, "finishedAt" TIMESTAMP, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_b1ae290239a778f12399db91354" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_edb08c17c5ff5d0259e5f4e399" ON "webhook_delivery" ("status", "queuedAt")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_edcc56b39d6df747b4c0fc7b04" ON "webhook_delivery" ("endpointId", "eventId")`);
    await queryRunner.query(
      `CREATE TABLE "webhook_delivery_attempt" ("id" character varying(36) NOT NULL, "endpointId" character varying(36) NOT NULL, "deliveryId" character varying(36) NOT NULL, "eventId" character varying(36) NOT NULL, "eventType" character varying(100) NOT NULL, "attempt" integer NOT NULL, "succeeded" boolean NOT NULL, "statusCode" integer, "durationMs" integer NOT NULL, "error" character varying(300), "responseBody" text, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_e6efad829bd07e78a18fd0ad5d5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_197dbebdde21c4669119d8c81b" ON "webhook_delivery_attempt" ("deliveryId")`);
    await queryRunner.query(`CREATE INDEX "IDX_c14bd4a283cdb88539b4411977" ON "webhook_delivery_attempt" ("endpointId", "createdAt")`);
    await queryRunner.query(
      `ALTER TABLE "webhook_delivery" ADD CONSTRAINT "FK_aa80c1d0b71d372bd9d844ada20" FOREIGN KEY ("endpointId") REFERENCES "webhook_endpoint"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_delivery_attempt" ADD CONSTRAINT "FK_197dbebdde21c4669119d8c81bf" FOREIGN KEY ("deliveryId") REFERENCES "webhook_delivery"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "webhook_delivery_attempt"`);
    await queryRunner.query(`DROP TABLE "webhook_delivery"`);
    await queryRunner.query(`DROP TABLE "webhook_endpoint"`);
  }
}
