import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Delivery1795429270662 implements MigrationInterface {
  name = 'Delivery1795429270662';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "delivery" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "orderId" uuid NOT NULL, "storeId" uuid NOT NULL, "courier" character varying(50) NOT NULL DEFAULT 'own', "driverName" character varying(100), "driverPhone" character varying(50), "trackingNumber" character varying(100), "trackingUrl" character varying(500), "eta" TIMESTAMP, "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "UQ_b37d51328f9ca210b573b19372c" UNIQUE ("orderId"), CONSTRAINT "REL_b37d51328f9ca210b573b19372" UNIQUE ("orderId"), CONSTRAINT "PK_ffad7bf84e68716cd9af89003b0" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "delivery_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "deliveryId" uuid NOT NULL, "status" character varying(50) NOT NULL, "note" character varying(300), "latitude" double precision, "longitude" double precision, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_7284fd7d496949e5ca68880d751" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_6adcf8f4def69eeea4d3bcdca7" ON "delivery_event"  ("deliveryId", "createdAt") `);
    await queryRunner.query(`ALTER TABLE "delivery" ADD CONSTRAINT "FK_b37d51328f9ca210b573b19372c" FOREIGN KEY ("orderId") REFERENCES "order"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "delivery_event" ADD CONSTRAINT "FK_01f2ecd95ccaed8a9b449215fb5" FOREIGN KEY ("deliveryId") REFERENCES "delivery"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "delivery_event" DROP CONSTRAINT "FK_01f2ecd95ccaed8a9b449215fb5"`);
    await queryRunner.query(`ALTER TABLE "delivery" DROP CONSTRAINT "FK_b37d51328f9ca210b573b19372c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6adcf8f4def69eeea4d3bcdca7"`);
    await queryRunner.query(`DROP TABLE "delivery_event"`);
    await queryRunner.query(`DROP TABLE "delivery"`);
  }
}
