import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795425285649 implements MigrationInterface {
  name = 'Init1795425285649';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "job" ("id" varchar PRIMARY KEY NOT NULL, "queue" varchar(100) NOT NULL, "dedupeKey" varchar(200), "data" text NOT NULL, "state" varchar(16) NOT NULL DEFAULT ('waiting'), "attempts" integer NOT NULL DEFAULT (0), "maxAttempts" integer NOT NULL, "runAt" datetime NOT NULL, "lockedUntil" datetime, "lockedBy" varchar(64), "lastError" text, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "finishedAt" datetime)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_ed443082b0f135c1c101b86c17" ON "job" ("dedupeKey") `);
    await queryRunner.query(`CREATE INDEX "IDX_dde455590d9815967db8bf5195" ON "job" ("queue", "state", "runAt") `);
    await queryRunner.query(`CREATE TABLE "store" ("id" varchar PRIMARY KEY NOT NULL, "slug" varchar(64) NOT NULL, "name" varchar(200) NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "UQ_bff9b535dff86abbb2fe8779958" UNIQUE ("slug"))`);
    await queryRunner.query(`CREATE TABLE "api_key" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "name" varchar(100) NOT NULL, "role" varchar(16) NOT NULL, "prefix" varchar(16) NOT NULL, "secretHash" varchar(64) NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "revokedAt" datetime, "lastUsedAt" datetime)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_b783aca587d2cfb4c54f2bb321" ON "api_key" ("secretHash") `);
    await queryRunner.query(`CREATE INDEX "IDX_6e116cf470dd5ba5c49045d778" ON "api_key" ("storeId", "createdAt") `);
    await queryRunner.query(`DROP INDEX "IDX_b783aca587d2cfb4c54f2bb321"`);
    await queryRunner.query(`DROP INDEX "IDX_6e116cf470dd5ba5c49045d778"`);
    await queryRunner.query(`CREATE TABLE "temporary_api_key" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "name" varchar(100) NOT NULL, "role" varchar(16) NOT NULL, "prefix" varchar(16) NOT NULL, "secretHash" varchar(64) NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "revokedAt" datetime, "lastUsedAt" datetime, CONSTRAINT "FK_adfff8b3312798d6db2038a474f" FOREIGN KEY ("storeId") REFERENCES "store" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_api_key"("id", "storeId", "name", "role", "prefix", "secretHash", "createdAt", "revokedAt", "lastUsedAt") SELECT "id", "storeId", "name", "role", "prefix", "secretHash", "createdAt", "revokedAt", "lastUsedAt" FROM "api_key"`);
    await queryRunner.query(`DROP TABLE "api_key"`);
    await queryRunner.query(`ALTER TABLE "temporary_api_key" RENAME TO "api_key"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_b783aca587d2cfb4c54f2bb321" ON "api_key" ("secretHash") `);
    await queryRunner.query(`CREATE INDEX "IDX_6e116cf470dd5ba5c49045d778" ON "api_key" ("storeId", "createdAt") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_6e116cf470dd5ba5c49045d778"`);
    await queryRunner.query(`DROP INDEX "IDX_b783aca587d2cfb4c54f2bb321"`);
    await queryRunner.query(`ALTER TABLE "api_key" RENAME TO "temporary_api_key"`);
    await queryRunner.query(`CREATE TABLE "api_key" ("id" varchar PRIMARY KEY NOT NULL, "storeId" varchar NOT NULL, "name" varchar(100) NOT NULL, "role" varchar(16) NOT NULL, "prefix" varchar(16) NOT NULL, "secretHash" varchar(64) NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "revokedAt" datetime, "lastUsedAt" datetime)`);
    await queryRunner.query(`INSERT INTO "api_key"("id", "storeId", "name", "role", "prefix", "secretHash", "createdAt", "revokedAt", "lastUsedAt") SELECT "id", "storeId", "name", "role", "prefix", "secretHash", "createdAt", "revokedAt", "lastUsedAt" FROM "temporary_api_key"`);
    await queryRunner.query(`DROP TABLE "temporary_api_key"`);
    await queryRunner.query(`CREATE INDEX "IDX_6e116cf470dd5ba5c49045d778" ON "api_key" ("storeId", "createdAt") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_b783aca587d2cfb4c54f2bb321" ON "api_key" ("secretHash") `);
    await queryRunner.query(`DROP INDEX "IDX_6e116cf470dd5ba5c49045d778"`);
    await queryRunner.query(`DROP INDEX "IDX_b783aca587d2cfb4c54f2bb321"`);
    await queryRunner.query(`DROP TABLE "api_key"`);
    await queryRunner.query(`DROP TABLE "store"`);
    await queryRunner.query(`DROP INDEX "IDX_dde455590d9815967db8bf5195"`);
    await queryRunner.query(`DROP INDEX "IDX_ed443082b0f135c1c101b86c17"`);
    await queryRunner.query(`DROP TABLE "job"`);
  }
}
