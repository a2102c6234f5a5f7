import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { PluginDefinition } from '@parley/plugin-sdk';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config.schema';
import { ConfigError } from '../config/load-config';
import { ClusterEventsService } from '../events/cluster-events.service';
import { EventBusService } from '../events/event-bus.service';
import { dataSourceOptions } from './data-source-options';
import { UnitOfWork } from './unit-of-work';

@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  static forRoot(config: AppConfig, plugins: PluginDefinition[]): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: DataSource,
          useFactory: async () => {
            const dataSource = await new DataSource({ ...dataSourceOptions(config, plugins), migrationsRun: config.migrateOnStart }).initialize();
            if (!config.migrateOnStart && (await dataSource.showMigrations())) {
              await dataSource.destroy();
              throw new ConfigError('The database has migrations to apply: run `npm run migrate` first (or set MIGRATE_ON_START=true)');
            }
            return dataSource;
          },
        },
        UnitOfWork,
        EventBusService,
        ClusterEventsService,
      ],
      exports: [DataSource, UnitOfWork, EventBusService, ClusterEventsService],
    };
  }

  // Runs after every module's beforeApplicationShutdown, so the job queue has drained before the pool closes.
  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
