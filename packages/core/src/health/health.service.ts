import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobQueueService } from '../jobs/job-queue.service';

export interface HealthReport {
  status: 'ok' | 'degraded';
  database: 'up' | 'down';
  redis: 'up' | 'down' | 'not configured';
}

@Injectable()
export class HealthService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(JobQueueService) private readonly jobs: JobQueueService,
  ) {}

  async check(): Promise<HealthReport> {
    const [database, redis] = await Promise.all([
      this.dataSource.query('SELECT 1').then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      this.jobs.redisHealth(),
    ]);
    return { status: database === 'up' && redis !== 'down' ? 'ok' : 'degraded', database, redis };
  }
}
