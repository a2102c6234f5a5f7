import { DATABASES, scratchDatabase } from '@parley/testing';
import { DataSource } from 'typeorm';
import { pendingSchemaChanges } from '../cli/generate-migrations';
import { dataSourceOptions } from './data-source-options';

const CORE_TABLES = ['store', 'api_key', 'job'];

describe.each(DATABASES)('migrations on %s', (kind) => {
  it('run from an empty database, leave nothing for the entities to add, and roll back to empty', async () => {
    const scratch = await scratchDatabase(kind);
    try {
      const changes = await pendingSchemaChanges(scratch.database);
      expect(changes.upQueries.map((query) => query.query)).toEqual([]);

      const dataSource = new DataSource(dataSourceOptions({ database: scratch.database }));
      await dataSource.initialize();
      const queryRunner = dataSource.createQueryRunner();
      try {
        for (const table of CORE_TABLES) expect(await queryRunner.hasTable(table)).toBe(true);
        const applied = async () => Number((await dataSource.query('SELECT COUNT(*) AS n FROM migrations'))[0].n);
        while ((await applied()) > 0) await dataSource.undoLastMigration();
        for (const table of CORE_TABLES) expect(await queryRunner.hasTable(table)).toBe(false);
      } finally {
        await queryRunner.release();
        await dataSource.destroy();
      }
    } finally {
      await scratch.drop();
    }
  });
});
