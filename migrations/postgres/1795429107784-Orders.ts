import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Orders1795429107784 implements MigrationInterface {
  name = 'Orders1795429107784';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "cart" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "storeId" uuid NOT NULL, "customerRef" character varying(200) NOT NULL, "customerName" character varying(200), "customerPhone" character varying(50), "lines" text NOT NULL, "fulfilment" text, "tipAmount" integer NOT NULL DEFAULT '0', "orderId" uuid, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_c524ec48751b9b5bcfbf6e59be7" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_fe51a9dd34a9eb3fdca4883641" ON "cart"  ("storeId", "customerRef") `);
    await queryRunner.query(`CREATE TABLE "delivery_zone" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "storeId" uuid NOT NULL, "name" character varying(100) NOT NULL, "postcodes" text, "radiusMeters" integer, "feeAmount" integer NOT NULL DEFAULT '0', "minimumOrderAmount" integer NOT NULL DEFAULT '0', "position" integer NOT NULL DEFAULT '0', "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_8a390f981b91bfca80510b43511" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_d62860b0e755aa116f7bc128dd" ON "delivery_zone"  ("storeId", "position") `);
    await queryRunner.query(`CREATE TABLE "order" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "storeId" uuid NOT NULL, "number" integer NOT NULL, "publicCode" character varying(16) NOT NULL, "status" character varying(20) NOT NULL, "version" integer NOT NULL DEFAULT '1', "customerRef" character varying(200) NOT NULL, "customerName" character varying(200), "customerPhone" character varying(50), "fulfilment" text NOT NULL, "subtotalAmount" integer NOT NULL, "deliveryFeeAmount" integer NOT NULL, "taxAmount" integer NOT NULL, "tipAmount" integer NOT NULL, "totalAmount" integer NOT NULL, "refundedAmount" integer NOT NULL DEFAULT '0', "currency" character varying(3) NOT NULL, "paymentMethod" character varying(30) NOT NULL, "paymentStatus" character varying(20) NOT NULL DEFAULT 'unpaid', "statusReason" text, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_1031171c13130102495201e3e20" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_37fd3c80540abef761c7abcfb1" ON "order"  ("publicCode") `);
    await queryRunner.query(`CREATE INDEX "IDX_a57a6ac19f040429b0c1844910" ON "order"  ("storeId", "status") `);
    await queryRunner.query(`CREATE INDEX "IDX_6028d4ca81e27e606fc43410eb" ON "order"  ("storeId", "createdAt") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_fb67e6f2901ec08715e48423f7" ON "order"  ("storeId", "number") `);
    await queryRunner.query(`CREATE TABLE "order_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "orderId" uuid NOT NULL, "fromStatus" character varying(20), "toStatus" character varying(20) NOT NULL, "actorType" character varying(20) NOT NULL, "actorId" character varying(200), "reason" text, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_394b0d7613180ebee9028e9aaa1" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_aca2add92704db55422a83877d" ON "order_event"  ("orderId", "createdAt") `);
    await queryRunner.query(`CREATE TABLE "order_line" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "orderId" uuid NOT NULL, "variantId" uuid NOT NULL, "sku" character varying(100) NOT NULL, "productName" character varying(200) NOT NULL, "variantLabel" character varying(200) NOT NULL, "modifiers" text NOT NULL, "quantity" integer NOT NULL, "unitAmount" integer NOT NULL, "lineAmount" integer NOT NULL, "currency" character varying(3) NOT NULL, "note" character varying(500), "stockReserved" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_01a7c973d9f30479647e44f9892" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_239cfca2a55b98b90b6bef2e44" ON "order_line"  ("orderId") `);
    await queryRunner.query(`ALTER TABLE "store" ADD "nextOrderNumber" integer NOT NULL DEFAULT '1001'`);
    await queryRunner.query(`ALTER TABLE "store" ADD "latitude" double precision`);
    await queryRunner.query(`ALTER TABLE "store" ADD "longitude" double precision`);
    await queryRunner.query(`ALTER TABLE "cart" ADD CONSTRAINT "FK_20e86d185ed6b2efa0d0add08eb" FOREIGN KEY ("storeId") REFERENCES "store"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "delivery_zone" ADD CONSTRAINT "FK_c172a88d6f4d9214d2804fbb0eb" FOREIGN KEY ("storeId") REFERENCES "store"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "order" ADD CONSTRAINT "FK_1a79b2f719ecd9f307d62b81093" FOREIGN KEY ("storeId") REFERENCES "store"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "order_event" ADD CONSTRAINT "FK_c7692d881f326d48552256e4f57" FOREIGN KEY ("orderId") REFERENCES "order"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "order_line" ADD CONSTRAINT "FK_239cfca2a55b98b90b6bef2e44f" FOREIGN KEY ("orderId") REFERENCES "order"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "order_line" DROP CONSTRAINT "FK_239cfca2a55b98b90b6bef2e44f"`);
    await queryRunner.query(`ALTER TABLE "order_event" DROP CONSTRAINT "FK_c7692d881f326d48552256e4f57"`);
    await queryRunner.query(`ALTER TABLE "order" DROP CONSTRAINT "FK_1a79b2f719ecd9f307d62b81093"`);
    await queryRunner.query(`ALTER TABLE "delivery_zone" DROP CONSTRAINT "FK_c172a88d6f4d9214d2804fbb0eb"`);
    await queryRunner.query(`ALTER TABLE "cart" DROP CONSTRAINT "FK_20e86d185ed6b2efa0d0add08eb"`);
    await queryRunner.query(`ALTER TABLE "store" DROP COLUMN "longitude"`);
    await queryRunner.query(`ALTER TABLE "store" DROP COLUMN "latitude"`);
    await queryRunner.query(`ALTER TABLE "store" DROP COLUMN "nextOrderNumber"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_239cfca2a55b98b90b6bef2e44"`);
    await queryRunner.query(`DROP TABLE "order_line"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_aca2add92704db55422a83877d"`);
    await queryRunner.query(`DROP TABLE "order_event"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fb67e6f2901ec08715e48423f7"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6028d4ca81e27e606fc43410eb"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a57a6ac19f040429b0c1844910"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_37fd3c80540abef761c7abcfb1"`);
    await queryRunner.query(`DROP TABLE "order"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d62860b0e755aa116f7bc128dd"`);
    await queryRunner.query(`DROP TABLE "delivery_zone"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fe51a9dd34a9eb3fdca4883641"`);
    await queryRunner.query(`DROP TABLE "cart"`);
  }
}
