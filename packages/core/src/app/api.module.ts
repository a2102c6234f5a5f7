import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '../config/config.schema';
import { GraphQLApiModule } from '../graphql/graphql-api.module';
import { HealthModule } from '../health/health.module';
import { MonitoringModule } from '../monitoring/monitoring.module';
import type { LoadedPlugin } from '../plugins/plugin-loader';
import { CoreModule } from './core.module';

/** The HTTP server: GraphQL at /graphql, provider webhooks under /webhooks/..., /health, /metrics, /admin/queues. */
@Module({})
export class ApiModule {
  static forRoot(config: AppConfig, plugins: LoadedPlugin[]): DynamicModule {
    return { module: ApiModule, imports: [CoreModule.forRoot(config, plugins), GraphQLApiModule, HealthModule, MonitoringModule] };
  }
}
