import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795425285649 implements MigrationInterface {
  name = 'Init1795425285649';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "job" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "queue" character varying(100) NOT NULL, "dedupeKey" character varying(200), "data" text NOT NULL, "state" character varying(16) NOT NULL DEFAULT 'waiting', "attempts" integer NOT NULL DEFAULT '0', "maxAttempts" integer NOT NULL, "runAt" TIMESTAMP NOT NULL, "lockedUntil" TIMESTAMP, "lockedBy" character varying(64), "lastError" text, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "finishedAt" TIMESTAMP, CONSTRAINT "PK_98ab1c14ff8d1cf80d18703b92f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_ed443082b0f135c1c101b86c17" ON "job"  ("dedupeKey") `);
    await queryRunner.query(`CREATE INDEX "IDX_dde455590d9815967db8bf5195" ON "job"  ("queue", "state", "runAt") `);
    await queryRunner.query(`CREATE TABLE "store" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "slug" character varying(64) NOT NULL, "name" character varying(200) NOT NULL, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "UQ_bff9b535dff86abbb2fe8779958" UNIQUE ("slug"), CONSTRAINT "PK_f3172007d4de5ae8e7692759d79" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "api_key" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "storeId" uuid NOT NULL, "name" character varying(100) NOT NULL, "role" character varying(16) NOT NULL, "prefix" character varying(16) NOT NULL, "secretHash" character varying(64) NOT NULL, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "revokedAt" TIMESTAMP, "lastUsedAt" TIMESTAMP, CONSTRAINT "PK_b1bd840641b8acbaad89c3d8d11" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_b783aca587d2cfb4c54f2bb321" ON "api_key"  ("secretHash") `);
    await queryRunner.query(`CREATE INDEX "IDX_6e116cf470dd5ba5c49045d778" ON "api_key"  ("storeId", "createdAt") `);
    await queryRunner.query(`ALTER TABLE "api_key" ADD CONSTRAINT "FK_adfff8b3312798d6db2038a474f" FOREIGN KEY ("storeId") REFERENCES "store"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_key" DROP CONSTRAINT "FK_adfff8b3312798d6db2038a474f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6e116cf470dd5ba5c49045d778"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b783aca587d2cfb4c54f2bb321"`);
    await queryRunner.query(`DROP TABLE "api_key"`);
    await queryRunner.query(`DROP TABLE "store"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_dde455590d9815967db8bf5195"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ed443082b0f135c1c101b86c17"`);
    await queryRunner.query(`DROP TABLE "job"`);
  }
}
