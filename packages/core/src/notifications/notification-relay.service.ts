import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, In, LessThan, LessThanOrEqual } from 'typeorm';
import type { AppConfig } from '../config/config.schema';
import { APP_CONFIG } from '../config/config.module';
import { UnitOfWork } from '../database/unit-of-work';
import { EventBusService } from '../events/event-bus.service';
import { JobQueueService } from '../jobs/job-queue.service';
import { QueueNames } from '../jobs/queue-names';
import { REQUEUE_AFTER_MS, REQUEUE_EVERY_MS } from '../jobs/queued-rows';
import type { NotificationJob } from './customer-notification.processor';
import { Notification, NotificationAudience, NotificationStatus } from './notification.entity';

const POLL_MS = 1000;
const QUEUE_OF: Record<NotificationAudience, string> = {
  [NotificationAudience.customer]: QueueNames.customerNotifications,
  [NotificationAudience.staff]: QueueNames.staffAlerts,
};
const BATCH = 500;

export const notificationJobId = (notification: Pick<Notification, 'id' | 'round'>) => `notification-${notification.id}-${notification.round}`;

/**
 * Moves due notifications from the outbox to their queue, with the notification's id as the job id, so that two
 * relays (or one relay after a restart) never queue one twice. Notifications queued long ago and still unsettled are
 * queued again under the same id: a no-op while the queue still has the job, a rescue when it lost it.
 */
@Injectable()
export class NotificationRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('NotificationRelay');
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private again = false;
  private lastRequeue = 0;
  /** Set when Redis came back: every unsettled notification is queued again, however recently it was queued. */
  private requeueAll = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly jobs: JobQueueService,
    private readonly events: EventBusService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // What this process just committed goes out at once, from whichever process committed it (the API too).
    for (const type of ['order.placed', 'order.status_changed', 'payment.link_created', 'payment.succeeded', 'payment.failed', 'order.refunded'] as const) {
      this.events.subscribe(type, () => this.nudge());
    }
    // The poll is the safety net (a process that died between its commit and its relay, notifications due later):
    // processes that run jobs keep it.
    if (!this.config.runWorkers) return;
    this.timer = setInterval(() => this.nudge(), POLL_MS);
    this.timer.unref();
    this.jobs.onQueueStoreReconnected(() => {
      this.requeueAll = true;
      this.nudge();
    });
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Relays now, or right after the relay already running. */
  nudge(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.relay()
      .then(() => undefined)
      .catch((error: Error) => this.logger.warn(`Relaying notifications failed: ${error.message}`))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.nudge();
        }
      });
  }

  /** Queues every due notification of the outbox; returns how many. */
  async relay(): Promise<number> {
    const repository = this.dataSource.getRepository(Notification);
    const due = await repository.find({ where: { status: NotificationStatus.pending, dueAt: LessThanOrEqual(new Date()) }, order: { createdAt: 'ASC' }, take: BATCH });
    await this.enqueue(due);
    if (due.length) {
      await this.unitOfWork.run((tx) => tx.manager.update(Notification, { id: In(due.map((n) => n.id)), status: NotificationStatus.pending }, { status: NotificationStatus.queued }));
    }
    if (this.requeueAll) {
      this.requeueAll = false;
      this.lastRequeue = Date.now();
      // Under their own job ids: a no-op for jobs Redis still has.
      for (let page = 0; ; page += 1) {
        const queued = await repository.find({ where: { status: NotificationStatus.queued }, order: { id: 'ASC' }, skip: page * BATCH, take: BATCH });
        await this.enqueue(queued);
        if (queued.length < BATCH) break;
      }
    } else if (Date.now() - this.lastRequeue > REQUEUE_EVERY_MS) {
      this.lastRequeue = Date.now();
      await this.enqueue(await repository.find({ where: { status: NotificationStatus.queued, updatedAt: LessThan(new Date(Date.now() - REQUEUE_AFTER_MS)) }, take: BATCH }));
    }
    if (due.length === BATCH) this.again = true;
    return due.length;
  }

  /** One round trip per queue: a relay that took one per notification fell behind 100 status changes a second. */
  private async enqueue(notifications: Notification[]): Promise<void> {
    for (const [audience, queue] of Object.entries(QUEUE_OF)) {
      const jobs = notifications
        .filter((notification) => notification.audience === audience)
        .map((notification) => ({ data: { notificationId: notification.id } satisfies NotificationJob, options: { jobId: notificationJobId(notification) } }));
      await this.jobs.addMany<NotificationJob>(queue, jobs);
    }
  }
}
