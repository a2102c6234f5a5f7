import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '../config/config.schema';
import { HealthService } from '../health/health.service';
import { MetricsService } from '../monitoring/metrics.service';
import type { LoadedPlugin } from '../plugins/plugin-loader';
import { CoreModule } from './core.module';

/** The worker process: the same core modules, job processors running, no GraphQL; its own server has /health and /metrics. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, plugins: LoadedPlugin[]): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.forRoot({ ...config, runWorkers: true }, plugins)],
      providers: [HealthService, MetricsService],
      exports: [HealthService, MetricsService],
    };
  }
}
