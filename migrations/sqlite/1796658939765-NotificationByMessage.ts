import type { MigrationInterface, QueryRunner } from 'typeorm';

export class NotificationByMessage1796658939765 implements MigrationInterface {
  name = 'NotificationByMessage1796658939765';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_e77398d5c03520ca87c7c03ca9" ON "notification" ("messageId") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_e77398d5c03520ca87c7c03ca9"`);
  }
}
