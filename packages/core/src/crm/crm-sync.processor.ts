import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { CrmSyncError, ExtensionRegistry, type JobContext, JobQueue, RetryJobLaterError, UnrecoverableJobError } from '@parley/plugin-sdk';
import { retryAfterDelay } from '../jobs/job-engine';
import { QueueNames } from '../jobs/queue-names';
import type { CrmSubject } from './crm-sync.entity';
import { CrmSyncService } from './crm-sync.service';

/** The payload of a job on the `crm-sync` queue: ids only. */
export interface CrmSyncJob {
  /** The CRM connector's code. */
  connector: string;
  storeId: string;
  subject: CrmSubject;
  subjectId: string;
}

// Eight runs with backoff from 2 s cover about eight minutes of a CRM being down; a Retry-After sets its own wait.
export const CRM_SYNC_JOB_SETTINGS = { concurrency: 5, attempts: 8, backoffMs: 2_000 };

/**
 * Runs one CRM sync. The CRM's rate limit (429) waits its Retry-After, timeouts and 5xx are retried with backoff, and a
 * refusal that would only repeat (a bad token, invalid data) fails at once; a failure for good is kept in `crm_sync`
 * and logged with ids and the connector's reason, never the contact's details.
 */
@Injectable()
export class CrmSyncProcessor implements OnModuleInit {
  private readonly logger = new Logger('CrmSync');

  constructor(
    private readonly jobs: JobQueue,
    private readonly sync: CrmSyncService,
    private readonly extensions: ExtensionRegistry,
  ) {}

  onModuleInit(): void {
    this.jobs.define<CrmSyncJob>(QueueNames.crmSync, (job) => this.process(job), CRM_SYNC_JOB_SETTINGS);
  }

  async process({ id, data, attempt }: JobContext<CrmSyncJob>): Promise<void> {
    const connector = this.extensions.list('crm').find((candidate) => candidate.code === data.connector);
    if (!connector) {
      this.logger.warn(`CRM sync of ${data.subject} ${data.subjectId} skipped: no CRM plugin "${data.connector}" is loaded any more`);
      await this.sync.settled(data, id);
      return;
    }
    try {
      if (data.subject === 'contact') await this.sync.syncContact(connector, data.storeId, data.subjectId);
      else await this.sync.syncOrder(connector, data.storeId, data.subjectId);
      await this.sync.settled(data, id);
    } catch (error) {
      if (error instanceof RetryJobLaterError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      const final = (error instanceof CrmSyncError && !error.retryable) || attempt >= CRM_SYNC_JOB_SETTINGS.attempts;
      await this.sync.failed(data, reason, final);
      const what = `CRM sync of ${data.subject} ${data.subjectId} (store ${data.storeId}) to ${data.connector}`;
      if (final) {
        await this.sync.settled(data, id);
        this.logger.warn(`${what} failed for good after ${attempt} attempt(s): ${reason}`);
        throw new UnrecoverableJobError(reason);
      }
      this.logger.log(`${what} failed, will retry: ${reason}`);
      if (error instanceof CrmSyncError && error.retryAfterMs !== undefined) throw new RetryJobLaterError(reason, retryAfterDelay(error.retryAfterMs, CRM_SYNC_JOB_SETTINGS.backoffMs, attempt));
      throw error;
    }
  }
}
