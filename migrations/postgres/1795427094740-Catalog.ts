import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Catalog1795427094740 implements MigrationInterface {
  name = 'Catalog1795427094740';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "category" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "storeId" uuid NOT NULL, "name" character varying(200) NOT NULL, "translations" text NOT NULL, "position" integer NOT NULL DEFAULT '0', "visible" boolean NOT NULL DEFAULT true, "availability" text, "archivedAt" TIMESTAMP, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_9c4e4a89e3674fc9f382d733f03" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_6f9f7b551dfe3516d9bdda7095" ON "category"  ("storeId", "position") `);
    await queryRunner.query(`CREATE TABLE "modifier_group" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "storeId" uuid NOT NULL, "name" character varying(200) NOT NULL, "translations" text NOT NULL, "minSelect" integer NOT NULL DEFAULT '0', "maxSelect" integer NOT NULL DEFAULT '1', "position" integer NOT NULL DEFAULT '0', "archivedAt" TIMESTAMP, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_bda4dae1e8b5e69941a9c26b363" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_04218fc474aaeae44715bae008" ON "modifier_group"  ("storeId", "position") `);
    await queryRunner.query(`CREATE TABLE "modifier" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "storeId" uuid NOT NULL, "groupId" uuid NOT NULL, "name" character varying(200) NOT NULL, "translations" text NOT NULL, "priceDeltaAmount" integer NOT NULL DEFAULT '0', "currency" character varying(3) NOT NULL, "available" boolean NOT NULL DEFAULT true, "position" integer NOT NULL DEFAULT '0', "archivedAt" TIMESTAMP, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_30c20db2bc7a8c2318b4db0dfc0" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_c603b6631a486e98568353b7de" ON "modifier"  ("groupId", "position") `);
    await queryRunner.query(`CREATE TABLE "product" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "storeId" uuid NOT NULL, "name" character varying(200) NOT NULL, "description" text, "translations" text NOT NULL, "tags" text NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'active', "position" integer NOT NULL DEFAULT '0', "externalId" character varying(200), "externalSource" character varying(50), "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_bebc9158e480b949565b4dc7a82" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_ec2e2dc83c7c04d117988329b2" ON "product"  ("storeId", "externalSource", "externalId") `);
    await queryRunner.query(`CREATE INDEX "IDX_5638c8172229be5605ae59cf6b" ON "product"  ("storeId", "status", "position") `);
    await queryRunner.query(`CREATE TABLE "product_image" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "storeId" uuid NOT NULL, "productId" uuid NOT NULL, "position" integer NOT NULL DEFAULT '0', "status" character varying(16) NOT NULL DEFAULT 'processing', "error" text, "alt" character varying(300), "originalKey" character varying(300) NOT NULL, "mimeType" character varying(50) NOT NULL, "width" integer NOT NULL, "height" integer NOT NULL, "bytes" integer NOT NULL, "contentHash" character varying(64) NOT NULL, "renditions" text NOT NULL, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_99d98a80f57857d51b5f63c8240" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_197dfc074e0bf15255bfd34cd8" ON "product_image"  ("productId", "position") `);
    await queryRunner.query(`CREATE TABLE "variant" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "storeId" uuid NOT NULL, "productId" uuid NOT NULL, "sku" character varying(100) NOT NULL, "options" text NOT NULL, "priceAmount" integer NOT NULL, "compareAtAmount" integer, "currency" character varying(3) NOT NULL, "trackStock" boolean NOT NULL DEFAULT false, "stockOnHand" integer NOT NULL DEFAULT '0', "soldOut" boolean NOT NULL DEFAULT false, "position" integer NOT NULL DEFAULT '0', "archivedAt" TIMESTAMP, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_f8043a8a34fa021a727a4718470" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_1f750accf7bc7a2e0cef8455a7" ON "variant"  ("productId", "position") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_8c46ee5697f52d9766f895de7f" ON "variant"  ("storeId", "sku") `);
    await queryRunner.query(`CREATE TABLE "product_category" ("productId" uuid NOT NULL, "categoryId" uuid NOT NULL, CONSTRAINT "PK_7e60cbb6e911363b5ff8ed28e85" PRIMARY KEY ("productId", "categoryId"))`);
    await queryRunner.query(`CREATE INDEX "IDX_930110e92aed1778939fdbdb30" ON "product_category"  ("productId") `);
    await queryRunner.query(`CREATE INDEX "IDX_559e1bc4d01ef1e56d75117ab9" ON "product_category"  ("categoryId") `);
    await queryRunner.query(`CREATE TABLE "product_modifier_group" ("productId" uuid NOT NULL, "modifierGroupId" uuid NOT NULL, CONSTRAINT "PK_5f692e369947dd0812906d9b88a" PRIMARY KEY ("productId", "modifierGroupId"))`);
    await queryRunner.query(`CREATE INDEX "IDX_077d3c42033000fdb948144a91" ON "product_modifier_group"  ("productId") `);
    await queryRunner.query(`CREATE INDEX "IDX_854211d79df1ea601bdef06498" ON "product_modifier_group"  ("modifierGroupId") `);
    await queryRunner.query(`ALTER TABLE "store" ADD "currency" character varying(3) NOT NULL DEFAULT 'EUR'`);
    await queryRunner.query(`ALTER TABLE "store" ADD "timeZone" character varying(64) NOT NULL DEFAULT 'UTC'`);
    await queryRunner.query(`ALTER TABLE "store" ADD "defaultLanguage" character varying(2) NOT NULL DEFAULT 'en'`);
    await queryRunner.query(`ALTER TABLE "store" ADD "taxMode" character varying(16) NOT NULL DEFAULT 'inclusive'`);
    await queryRunner.query(`ALTER TABLE "store" ADD "taxRateBasisPoints" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "store" ADD "catalogVersion" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "category" ADD CONSTRAINT "FK_52d64a21bc11cd2b4bbabcc5d4b" FOREIGN KEY ("storeId") REFERENCES "store"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "modifier_group" ADD CONSTRAINT "FK_35dc0259f31f46b997dec1caa94" FOREIGN KEY ("storeId") REFERENCES "store"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "modifier" ADD CONSTRAINT "FK_338bc81da8132e43685c8a68bb6" FOREIGN KEY ("groupId") REFERENCES "modifier_group"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "product" ADD CONSTRAINT "FK_32eaa54ad96b26459158464379a" FOREIGN KEY ("storeId") REFERENCES "store"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "product_image" ADD CONSTRAINT "FK_40ca0cd115ef1ff35351bed8da2" FOREIGN KEY ("productId") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "variant" ADD CONSTRAINT "FK_32bbb59a911c229098f2bfd6d65" FOREIGN KEY ("storeId") REFERENCES "store"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "variant" ADD CONSTRAINT "FK_cb0df5c8d79ac0ea08a87119673" FOREIGN KEY ("productId") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "product_category" ADD CONSTRAINT "FK_930110e92aed1778939fdbdb302" FOREIGN KEY ("productId") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE CASCADE`);
    await queryRunner.query(`ALTER TABLE "product_category" ADD CONSTRAINT "FK_559e1bc4d01ef1e56d75117ab9c" FOREIGN KEY ("categoryId") REFERENCES "category"("id") ON DELETE CASCADE ON UPDATE CASCADE`);
    await queryRunner.query(`ALTER TABLE "product_modifier_group" ADD CONSTRAINT "FK_077d3c42033000fdb948144a917" FOREIGN KEY ("productId") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE CASCADE`);
    await queryRunner.query(`ALTER TABLE "product_modifier_group" ADD CONSTRAINT "FK_854211d79df1ea601bdef064987" FOREIGN KEY ("modifierGroupId") REFERENCES "modifier_group"("id") ON DELETE CASCADE ON UPDATE CASCADE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "product_modifier_group" DROP CONSTRAINT "FK_854211d79df1ea601bdef064987"`);
    await queryRunner.query(`ALTER TABLE "product_modifier_group" DROP CONSTRAINT "FK_077d3c42033000fdb948144a917"`);
    await queryRunner.query(`ALTER TABLE "product_category" DROP CONSTRAINT "FK_559e1bc4d01ef1e56d75117ab9c"`);
    await queryRunner.query(`ALTER TABLE "product_category" DROP CONSTRAINT "FK_930110e92aed1778939fdbdb302"`);
    await queryRunner.query(`ALTER TABLE "variant" DROP CONSTRAINT "FK_cb0df5c8d79ac0ea08a87119673"`);
    await queryRunner.query(`ALTER TABLE "variant" DROP CONSTRAINT "FK_32bbb59a911c229098f2bfd6d65"`);
    await queryRunner.query(`ALTER TABLE "product_image" DROP CONSTRAINT "FK_40ca0cd115ef1ff35351bed8da2"`);
    await queryRunner.query(`ALTER TABLE "product" DROP CONSTRAINT "FK_32eaa54ad96b26459158464379a"`);
    await queryRunner.query(`ALTER TABLE "modifier" DROP CONSTRAINT "FK_338bc81da8132e43685c8a68bb6"`);
    await queryRunner.query(`ALTER TABLE "modifier_group" DROP CONSTRAINT "FK_35dc0259f31f46b997dec1caa94"`);
    await queryRunner.query(`ALTER TABLE "category" DROP CONSTRAINT "FK_52d64a21bc11cd2b4bbabcc5d4b"`);
    await queryRunner.query(`ALTER TABLE "store" DROP COLUMN "catalogVersion"`);
    await queryRunner.query(`ALTER TABLE "store" DROP COLUMN "taxRateBasisPoints"`);
    await queryRunner.query(`ALTER TABLE "store" DROP COLUMN "taxMode"`);
    await queryRunner.query(`ALTER TABLE "store" DROP COLUMN "defaultLanguage"`);
    await queryRunner.query(`ALTER TABLE "store" DROP COLUMN "timeZone"`);
    await queryRunner.query(`ALTER TABLE "store" DROP COLUMN "currency"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_854211d79df1ea601bdef06498"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_077d3c42033000fdb948144a91"`);
    await queryRunner.query(`DROP TABLE "product_modifier_group"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_559e1bc4d01ef1e56d75117ab9"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_930110e92aed1778939fdbdb30"`);
    await queryRunner.query(`DROP TABLE "product_category"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8c46ee5697f52d9766f895de7f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1f750accf7bc7a2e0cef8455a7"`);
    await queryRunner.query(`DROP TABLE "variant"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_197dfc074e0bf15255bfd34cd8"`);
    await queryRunner.query(`DROP TABLE "product_image"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5638c8172229be5605ae59cf6b"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ec2e2dc83c7c04d117988329b2"`);
    await queryRunner.query(`DROP TABLE "product"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c603b6631a486e98568353b7de"`);
    await queryRunner.query(`DROP TABLE "modifier"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_04218fc474aaeae44715bae008"`);
    await queryRunner.query(`DROP TABLE "modifier_group"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6f9f7b551dfe3516d9bdda7095"`);
    await queryRunner.query(`DROP TABLE "category"`);
  }
}
