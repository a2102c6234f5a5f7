import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { BullmqJobEngine } from '../jobs/bullmq-job-engine';
import { JOB_COUNT_STATES, type JobCounts, type JobEngine } from '../jobs/job-engine';
import { JOB_ENGINE, JobQueueService } from '../jobs/job-queue.service';
import { JobRecord } from '../jobs/job-record.entity';
import { ApiKeyService } from '../stores/api-key.service';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

const CHALLENGE = 'Basic realm="Parley queues", charset="UTF-8"';

type FailedJob = Pick<JobRecord, 'id' | 'queue' | 'dedupeKey' | 'attempts' | 'maxAttempts' | 'lastError' | 'finishedAt'>;

/**
 * The queue dashboard at /admin/queues: Bull Board with BullMQ, a page of counts and recent failures with the
 * database queue. Browsers can't send a bearer header, so it asks for HTTP Basic auth with an owner API key as the
 * password (any user name). The queues are the installation's, shared by all its stores (job data holds only ids),
 * so it is read-only: it shows jobs but cannot retry, remove or add them.
 */
@Injectable()
export class QueueDashboard {
  constructor(
    @Inject(JOB_ENGINE) private readonly engine: JobEngine,
    @Inject(JobQueueService) private readonly jobs: JobQueueService,
    @Inject(ApiKeyService) private readonly apiKeys: ApiKeyService,
    private readonly dataSource: DataSource,
  ) {}

  /** Adds the dashboard's routes to the API's server; call it once every queue is defined (after app.init()). */
  mount(server: FastifyInstance): void {
    void server.register(
      async (scope) => {
        scope.addHook('onRequest', (request, reply) => this.ownersOnly(request, reply));
        if (this.engine instanceof BullmqJobEngine) {
          await scope.register(this.bullBoard(this.engine));
        } else {
          scope.get('/', (_request, reply) => this.databaseQueuePage(reply));
        }
      },
      { prefix: QUEUE_DASHBOARD_PATH },
    );
  }

  private async ownersOnly(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const key = basicAuthPassword(request.headers.authorization);
    const auth = key ? await this.apiKeys.authenticate(key) : null;
    if (auth?.role === 'owner') return undefined;
    // 401 for a staff key too, so the browser asks again rather than showing a dead end.
    return reply
      .status(401)
      .header('www-authenticate', CHALLENGE)
      .type('text/plain; charset=utf-8')
      .send('Sign in with an owner API key as the password (any user name).');
  }

  private bullBoard(engine: BullmqJobEngine) {
    const serverAdapter = new FastifyAdapter().setBasePath(QUEUE_DASHBOARD_PATH);
    createBullBoard({
      queues: engine.queues().map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
      serverAdapter,
      options: { uiConfig: { boardTitle: 'Parley queues' } },
    });
    return serverAdapter.registerPlugin();
  }

  private async databaseQueuePage(reply: FastifyReply): Promise<FastifyReply> {
    const [counts, failures] = await Promise.all([
      this.jobs.counts(),
      this.dataSource.getRepository(JobRecord).find({
        select: { id: true, queue: true, dedupeKey: true, attempts: true, maxAttempts: true, lastError: true, finishedAt: true },
        where: { state: 'failed' },
        order: { finishedAt: 'DESC' },
        take: 50,
      }),
    ]);
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(renderDatabaseQueuePage(counts, failures, new Date()).text);
  }
}

/** The password of an `Authorization: Basic` header, or null. */
function basicAuthPassword(header: string | undefined): string | null {
  const match = /^Basic ([A-Za-z0-9+/]+=*)$/i.exec(header?.trim() ?? '');
  if (!match) return null;
  const credentials = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = credentials.indexOf(':');
  return colon === -1 ? null : credentials.slice(colon + 1);
}

/** Markup that is already escaped. */
class Html {
  constructor(readonly text: string) {}
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escaped(value: unknown): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(escaped).join('');
  return String(value ?? '').replace(/[&<>"']/g, (character) => ENTITIES[character]);
}

/** A template whose every interpolated value is escaped, unless it is Html made by this same tag. */
function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  return new Html(strings.reduce((out, string, index) => out + escaped(values[index - 1]) + string));
}

function renderDatabaseQueuePage(counts: Record<string, JobCounts>, failures: FailedJob[], now: Date): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Parley queues</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem; color: #222; }
  table { border-collapse: collapse; margin-bottom: 2rem; }
  th, td { border: 1px solid #ccc; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
  td.number { text-align: right; }
  td.error { max-width: 40rem; white-space: pre-wrap; word-break: break-word; }
</style>
</head>
<body>
<h1>Queues</h1>
<p>The database queue, as of ${now.toISOString()}. Completed and failed jobs are kept for a day.</p>
<table>
<thead><tr><th>queue</th>${JOB_COUNT_STATES.map((state) => html`<th>${state}</th>`)}</tr></thead>
<tbody>
${Object.entries(counts).map(
  ([queue, byState]) => html`<tr><td>${queue}</td>${JOB_COUNT_STATES.map((state) => html`<td class="number">${byState[state]}</td>`)}</tr>
`,
)}</tbody>
</table>
<h2>Failed jobs, latest first (at most 50)</h2>
<table>
<thead><tr><th>queue</th><th>job</th><th>attempts</th><th>last error</th><th>failed at</th></tr></thead>
<tbody>
${failures.map(
  (job) => html`<tr><td>${job.queue}</td><td>${job.dedupeKey ?? job.id}</td><td class="number">${job.attempts} of ${job.maxAttempts}</td><td class="error">${job.lastError}</td><td>${job.finishedAt?.toISOString()}</td></tr>
`,
)}</tbody>
</table>
</body>
</html>
`;
}
