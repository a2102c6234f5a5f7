import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { PluginDefinition } from '@parley/plugin-sdk';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config.schema';
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
            const dataSource = new DataSource({ ...dataSourceOptions(config, plugins), migrationsRun: config.migrateOnStart });
            return dataSource.initialize();
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
