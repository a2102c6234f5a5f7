import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ShopSync1795453564825 implements MigrationInterface {
  name = 'ShopSync1795453564825';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "shop_image_source" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "storeId" uuid NOT NULL, "productId" uuid NOT NULL, "urlHash" character varying(64) NOT NULL, "url" text NOT NULL, "imageId" uuid NOT NULL, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_3a553e478657bc2cd0af98da14a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_5721ddf6141df2e0151edd64d1" ON "shop_image_source"  ("productId", "urlHash") `);
    await queryRunner.query(`CREATE TABLE "shop_variant_link" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "storeId" uuid NOT NULL, "connector" character varying(50) NOT NULL, "externalProductId" character varying(200) NOT NULL, "externalVariantId" character varying(200) NOT NULL, "variantId" uuid NOT NULL, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_9e33426503e0c612486ab2a31d2" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_f863dfe83793b9ef73a318262e" ON "shop_variant_link"  ("variantId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_6f8f4fb271f0ae93f00aa7bb75" ON "shop_variant_link"  ("storeId", "connector", "externalVariantId") `);
    await queryRunner.query(`CREATE TABLE "shop_order_push" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "storeId" uuid NOT NULL, "connector" character varying(50) NOT NULL, "orderId" uuid NOT NULL, "externalId" character varying(100), "status" character varying(10) NOT NULL DEFAULT 'pending', "lastError" character varying(500), "pushedAt" TIMESTAMP, "claimedUntil" TIMESTAMP, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_b10fb6337af9a309ac9b0c75007" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_fac55ba52459c88133bbe0deb5" ON "shop_order_push"  ("connector", "orderId") `);
    await queryRunner.query(`CREATE TABLE "shop_sync_state" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "storeId" uuid NOT NULL, "connector" character varying(50) NOT NULL, "lastFullImportAt" TIMESTAMP, "incrementalCursor" TIMESTAMP, "lastRunAt" TIMESTAMP, "lastRunKind" character varying(10), "created" integer NOT NULL DEFAULT '0', "updated" integer NOT NULL DEFAULT '0', "archived" integer NOT NULL DEFAULT '0', "unchanged" integer NOT NULL DEFAULT '0', "failed" integer NOT NULL DEFAULT '0', "lastError" character varying(500), "lastErrorCode" character varying(50), "claimedUntil" TIMESTAMP, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_3946c118e40ccf04a34cdbc50c6" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_4977cff4a3ef94187f9e2de434" ON "shop_sync_state"  ("storeId", "connector") `);
    await queryRunner.query(`CREATE TABLE "shop_webhook_delivery" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "storeId" uuid NOT NULL, "connector" character varying(50) NOT NULL, "deliveryId" character varying(200) NOT NULL, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_c327340858405c0cc7f02a59de3" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_7439a5c2608a243c80b9fcad87" ON "shop_webhook_delivery"  ("connector", "deliveryId") `);
    await queryRunner.query(`ALTER TABLE "shop_image_source" ADD CONSTRAINT "FK_393331b7414a4a661abde8407a9" FOREIGN KEY ("storeId") REFERENCES "store"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "shop_variant_link" ADD CONSTRAINT "FK_c1d5088e239a6de5cad992c39a9" FOREIGN KEY ("storeId") REFERENCES "store"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "shop_order_push" ADD CONSTRAINT "FK_d1375859f7609651d18e531bc41" FOREIGN KEY ("storeId") REFERENCES "store"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "shop_sync_state" ADD CONSTRAINT "FK_4bb4255a3051a1e91f37ea4b17f" FOREIGN KEY ("storeId") REFERENCES "store"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "shop_webhook_delivery" ADD CONSTRAINT "FK_0aa0ba2db8585d184f56be4a927" FOREIGN KEY ("storeId") REFERENCES "store"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "shop_webhook_delivery" DROP CONSTRAINT "FK_0aa0ba2db8585d184f56be4a927"`);
    await queryRunner.query(`ALTER TABLE "shop_sync_state" DROP CONSTRAINT "FK_4bb4255a3051a1e91f37ea4b17f"`);
    await queryRunner.query(`ALTER TABLE "shop_order_push" DROP CONSTRAINT "FK_d1375859f7609651d18e531bc41"`);
    await queryRunner.query(`ALTER TABLE "shop_variant_link" DROP CONSTRAINT "FK_c1d5088e239a6de5cad992c39a9"`);
    await queryRunner.query(`ALTER TABLE "shop_image_source" DROP CONSTRAINT "FK_393331b7414a4a661abde8407a9"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7439a5c2608a243c80b9fcad87"`);
    await queryRunner.query(`DROP TABLE "shop_webhook_delivery"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4977cff4a3ef94187f9e2de434"`);
    await queryRunner.query(`DROP TABLE "shop_sync_state"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fac55ba52459c88133bbe0deb5"`);
    await queryRunner.query(`DROP TABLE "shop_order_push"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6f8f4fb271f0ae93f00aa7bb75"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f863dfe83793b9ef73a318262e"`);
    await queryRunner.query(`DROP TABLE "shop_variant_link"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5721ddf6141df2e0151edd64d1"`);
    await queryRunner.query(`DROP TABLE "shop_image_source"`);
  }
}
