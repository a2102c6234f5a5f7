import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ChannelsAndHours1795430042211 implements MigrationInterface {
  name = 'ChannelsAndHours1795430042211';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "store" ADD "openingHours" text`);
    await queryRunner.query(`ALTER TABLE "order" ADD "channel" character varying(30) NOT NULL DEFAULT 'api'`);
    await queryRunner.query(`ALTER TABLE "cart" ADD "channel" character varying(30) NOT NULL DEFAULT 'api'`);
    await queryRunner.query(`CREATE INDEX "IDX_e115f376c5ac50e512c62e8dd0" ON "order"  ("storeId", "channel") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_e115f376c5ac50e512c62e8dd0"`);
    await queryRunner.query(`ALTER TABLE "cart" DROP COLUMN "channel"`);
    await queryRunner.query(`ALTER TABLE "order" DROP COLUMN "channel"`);
    await queryRunner.query(`ALTER TABLE "store" DROP COLUMN "openingHours"`);
  }
}
