import { Module } from '@nestjs/common';
import { StoresModule } from '../stores/stores.module';
import { MetricsService } from './metrics.service';
import { QueueDashboard } from './queue-dashboard';

/** The API's /metrics and queue dashboard; the bootstrap mounts them on the server (see createApi). */
@Module({
  imports: [StoresModule],
  providers: [MetricsService, QueueDashboard],
  exports: [MetricsService, QueueDashboard],
})
export class MonitoringModule {}
