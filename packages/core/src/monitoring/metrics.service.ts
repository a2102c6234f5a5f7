import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { JOB_COUNT_STATES } from '../jobs/job-engine';
import { JobQueueService } from '../jobs/job-queue.service';
import { Notification, NotificationStatus } from '../notifications/notification.entity';

/**
 * The process's Prometheus metrics. Queue and notification gauges read the installation's shared state (Redis or
 * the database) when scraped, so every process reports the same values; job counters and durations count only the
 * jobs that ran in this process.
 */
@Injectable()
export class MetricsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Metrics');
  // A registry per app rather than prom-client's global one: tests run several apps in one process.
  private readonly registry = new Registry();
  private readonly completed = new Counter({
    name: 'parley_jobs_completed_total',
    help: 'Jobs completed in this process',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });
  private readonly failed = new Counter({
    name: 'parley_jobs_failed_total',
    help: 'Jobs that failed for good in this process (attempts used up, or unrecoverable); retried runs are not counted',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'parley_job_duration_seconds',
    help: 'How long runs of jobs took in this process, retried runs included',
    labelNames: ['queue'] as const,
    buckets: [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });

  constructor(
    @Inject(JobQueueService) private readonly jobs: JobQueueService,
    dataSource: DataSource,
  ) {
    collectDefaultMetrics({ register: this.registry });
    const logger = this.logger;

    new Gauge({
      name: 'parley_queue_jobs',
      help: 'Jobs per queue and state (waiting, active, delayed, completed, failed), installation-wide',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        try {
          for (const [queue, counts] of Object.entries(await jobs.counts())) {
            for (const state of JOB_COUNT_STATES) this.set({ queue, state }, counts[state]);
          }
        } catch (error) {
          // Left without samples rather than failing the scrape: the process metrics still matter when Redis is down.
          logger.warn(`Counting jobs for /metrics failed: ${(error as Error).message}`);
        }
      },
    });

    new Gauge({
      name: 'parley_notifications',
      help: 'Notifications by status, all stores together',
      labelNames: ['status'] as const,
      registers: [this.registry],
      async collect() {
        const rows = await dataSource
          .getRepository(Notification)
          .createQueryBuilder('notification')
          .select('notification.status', 'status')
          .addSelect('COUNT(*)', 'count')
          .groupBy('notification.status')
          .getRawMany<{ status: NotificationStatus; count: string | number }>();
        for (const status of Object.values(NotificationStatus)) this.set({ status }, 0);
        for (const row of rows) this.set({ status: row.status }, Number(row.count));
      },
    });

    jobs.onJobRun(({ queue, outcome, seconds }) => {
      this.duration.observe({ queue }, seconds);
      if (outcome === 'completed') this.completed.inc({ queue });
      if (outcome === 'failed') this.failed.inc({ queue });
    });
  }

  /** Every queue's series start at 0 (queues are defined during module init), so rate() sees their first jobs. */
  onApplicationBootstrap(): void {
    for (const queue of this.jobs.definedQueues()) {
      this.completed.inc({ queue }, 0);
      this.failed.inc({ queue }, 0);
      this.duration.zero({ queue });
    }
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text format of every metric, gauges read now. */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}
