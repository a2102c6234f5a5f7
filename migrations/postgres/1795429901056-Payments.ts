import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Payments1795429901056 implements MigrationInterface {
  name = 'Payments1795429901056';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "payment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "storeId" uuid NOT NULL, "orderId" uuid NOT NULL, "provider" character varying(30) NOT NULL, "providerReference" character varying(200) NOT NULL, "url" character varying(1000) NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'open', "amount" integer NOT NULL, "currency" character varying(3) NOT NULL, "expiresAt" TIMESTAMP NOT NULL, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_fcaec7df5adf9cac408c686b2ab" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_b4e5cf984eee1b00c689c02a1f" ON "payment"  ("orderId", "createdAt") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_7beba25af574328c30384c9c52" ON "payment"  ("provider", "providerReference") `);
    await queryRunner.query(`CREATE TABLE "payment_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider" character varying(30) NOT NULL, "eventId" character varying(200) NOT NULL, "kind" character varying(20) NOT NULL, "orderId" uuid, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_7e4a9d66fdf160a9fb9d236150f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_54c1272d9455ace9e789566957" ON "payment_event"  ("provider", "eventId") `);
    await queryRunner.query(`CREATE TABLE "refund" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "orderId" uuid NOT NULL, "amount" integer NOT NULL, "method" character varying(30) NOT NULL, "providerRefundId" character varying(200), "reason" text, "requestedBy" character varying(200), "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_f1cefa2e60d99b206c46c1116e5" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_c099035aaba621424fd8ba3748" ON "refund"  ("orderId", "createdAt") `);
    await queryRunner.query(`ALTER TABLE "payment" ADD CONSTRAINT "FK_d09d285fe1645cd2f0db811e293" FOREIGN KEY ("orderId") REFERENCES "order"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "refund" ADD CONSTRAINT "FK_1f1294d539d9bbfe6c5b7de66b0" FOREIGN KEY ("orderId") REFERENCES "order"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refund" DROP CONSTRAINT "FK_1f1294d539d9bbfe6c5b7de66b0"`);
    await queryRunner.query(`ALTER TABLE "payment" DROP CONSTRAINT "FK_d09d285fe1645cd2f0db811e293"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c099035aaba621424fd8ba3748"`);
    await queryRunner.query(`DROP TABLE "refund"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_54c1272d9455ace9e789566957"`);
    await queryRunner.query(`DROP TABLE "payment_event"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7beba25af574328c30384c9c52"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b4e5cf984eee1b00c689c02a1f"`);
    await queryRunner.query(`DROP TABLE "payment"`);
  }
}
