import type { MigrationInterface, QueryRunner } from 'typeorm';

export class QueuedRowsRescue1795461377617 implements MigrationInterface {
  name = 'QueuedRowsRescue1795461377617';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "crm_sync" ADD "jobId" character varying(200)`);
    await queryRunner.query(`ALTER TABLE "crm_sync" ADD "queuedAt" TIMESTAMP`);
    await queryRunner.query(`ALTER TABLE "shop_order_push" ADD "jobId" character varying(200)`);
    await queryRunner.query(`ALTER TABLE "shop_order_push" ADD "queuedAt" TIMESTAMP`);
    await queryRunner.query(`CREATE INDEX "IDX_10230d493096d7e0aa0dc49ab9" ON "crm_sync"  ("queuedAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_4e65dfd30b23df21e2c81db710" ON "shop_order_push"  ("queuedAt") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_4e65dfd30b23df21e2c81db710"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_10230d493096d7e0aa0dc49ab9"`);
    await queryRunner.query(`ALTER TABLE "shop_order_push" DROP COLUMN "queuedAt"`);
    await queryRunner.query(`ALTER TABLE "shop_order_push" DROP COLUMN "jobId"`);
    await queryRunner.query(`ALTER TABLE "crm_sync" DROP COLUMN "queuedAt"`);
    await queryRunner.query(`ALTER TABLE "crm_sync" DROP COLUMN "jobId"`);
  }
}
