import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReceivedMessageSequence1795450832711 implements MigrationInterface {
  name = 'ReceivedMessageSequence1795450832711';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "received_message" ADD "sequence" bigint`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "received_message" DROP COLUMN "sequence"`);
  }
}
