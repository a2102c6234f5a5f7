import { Global, Module } from '@nestjs/common';
import { JobQueue } from '@parley/plugin-sdk';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config.schema';
import { APP_CONFIG } from '../config/config.module';
import { UnitOfWork } from '../database/unit-of-work';
import { BullmqJobEngine } from './bullmq-job-engine';
import { SqlJobEngine } from './sql-job-engine';
import { JOB_ENGINE, JobQueueService } from './job-queue.service';
import { QueuedRowRescue } from './queued-rows';

@Global()
@Module({
  providers: [
    {
      provide: JOB_ENGINE,
      inject: [APP_CONFIG, DataSource, UnitOfWork],
      useFactory: (config: AppConfig, dataSource: DataSource, unitOfWork: UnitOfWork) =>
        config.redis
          ? new BullmqJobEngine(config.redis.url, config.queuePrefix)
          : new SqlJobEngine(dataSource, unitOfWork),
    },
    JobQueueService,
    { provide: JobQueue, useExisting: JobQueueService },
    QueuedRowRescue,
  ],
  exports: [JOB_ENGINE, JobQueueService, JobQueue, QueuedRowRescue],
})
export class JobQueueModule {}
