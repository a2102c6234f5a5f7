import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import type { PluginDefinition } from '@parley/plugin-sdk';
import type { Logger as Pino } from 'pino';
import type { AppConfig } from '../config/config.schema';
import { ConfigError, loadConfig } from '../config/load-config';
import { HealthService } from '../health/health.service';
import { DomainErrorFilter } from '../http/domain-error.filter';
import { registerJsonBodyParser } from '../http/json-body.parser';
import { createRootLogger, PinoNestLogger } from '../logging/logger';
import { serveMetrics } from '../monitoring/metrics.route';
import { MetricsService } from '../monitoring/metrics.service';
import { QueueDashboard } from '../monitoring/queue-dashboard';
import { loadPlugins, PluginLoadError } from '../plugins/plugin-loader';
import { ApiModule } from './api.module';
import { seedDemoStore } from './demo-store';
import { WorkerModule } from './worker.module';

export interface AppOptions {
  logger?: Pino;
  /** Where plugins come from: `require` by default; the test harness also takes plugin definitions as they are. */
  resolvePlugin?: (specifier: string) => PluginDefinition;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BODY_LIMIT = 2 * 1024 * 1024;

/** Builds the API app (not yet listening). Loading plugins first means a bad plugin option stops it before any I/O. */
export async function createApi(config: AppConfig, options: AppOptions = {}): Promise<NestFastifyApplication> {
  const logger = options.logger ?? createRootLogger(config.logLevel);
  const plugins = loadPlugins(config.plugins, options.resolvePlugin);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    trustProxy: true,
    bodyLimit: BODY_LIMIT,
    // Keep a caller's request id when it is a sane one, so a request can be followed across services.
    genReqId: (request: IncomingMessage) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config, plugins), adapter, {
    // Our own JSON parser keeps the raw body (see registerJsonBodyParser).
    bodyParser: false,
    logger: new PinoNestLogger(logger),
    // Start-up errors reach exitOnStartupError as one line instead of Nest exiting on its own.
    abortOnError: false,
  });
  app.useGlobalFilters(new DomainErrorFilter());
  registerJsonBodyParser(app, BODY_LIMIT);
  await app.init();
  // Plain Fastify routes with their own auth, not Nest controllers; mounted once init has defined every queue.
  const server = app.get(HttpAdapterHost).httpAdapter.getInstance<FastifyInstance>();
  serveMetrics(server, app.get(MetricsService), config.metricsToken);
  app.get(QueueDashboard).mount(server);
  // Fastify only serves once ready(): done here so the app also answers in-process requests (supertest) unlistened.
  await server.ready();
  return app;
}

/** Builds the worker: the core with every job processor running, and a server of its own for /health and /metrics. */
export async function createWorker(config: AppConfig, options: AppOptions = {}) {
  const logger = options.logger ?? createRootLogger(config.logLevel);
  const plugins = loadPlugins(config.plugins);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, plugins), {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  await app.init();
  const server = Fastify({ logger: false });
  server.get('/health', async (_request, reply) => {
    const report = await app.get(HealthService).check();
    return reply.status(report.status === 'ok' ? 200 : 503).send(report);
  });
  serveMetrics(server, app.get(MetricsService), config.metricsToken);
  return { app, server };
}

/**
 * On SIGTERM/SIGINT: stop taking work, let running jobs and requests finish (the job queue drains before the
 * database closes), then exit 0. A second signal, or a drain that takes too long, exits at once.
 */
function exitGracefullyOnSignals(close: () => Promise<void>): void {
  const stop = (signal: NodeJS.Signals) => {
    process.stderr.write(`Received ${signal}: finishing work in progress, then stopping\n`);
    setTimeout(() => process.exit(1), 30_000).unref();
    process.once('SIGTERM', () => process.exit(1));
    process.once('SIGINT', () => process.exit(1));
    close().then(
      () => process.exit(0),
      (error: Error) => {
        process.stderr.write(`Shutdown failed: ${error.message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** Turns a configuration or plugin problem into the one line an operator needs, instead of a stack trace. */
function exitOnStartupError(error: unknown): never {
  if (error instanceof ConfigError || error instanceof PluginLoadError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Parley failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
}

export async function runApi(): Promise<void> {
  try {
    const config = loadConfig();
    const app = await createApi(config);
    const demo = config.seedDemoStore ? await seedDemoStore(app) : null;
    await app.listen({ port: config.port, host: config.host });
    exitGracefullyOnSignals(() => app.close());
    process.stdout.write(`\nParley is running: GraphQL at ${config.publicUrl}/graphql\n`);
    if (demo) {
      process.stdout.write(
        `\nCreated the "${demo.slug}" store. Its owner API key, shown only this once:\n\n    ${demo.secret}\n\n` +
          `Try: curl -s ${config.publicUrl}/graphql -H 'Authorization: Bearer ${demo.secret}' ` +
          `-H 'content-type: application/json' -d '{"query":"{ store { name slug } }"}'\n\n`,
      );
    }
  } catch (error) {
    exitOnStartupError(error);
  }
}

export async function runWorker(): Promise<void> {
  try {
    const config = loadConfig();
    const { app, server } = await createWorker(config);
    await server.listen({ port: config.workerPort, host: config.host });
    exitGracefullyOnSignals(async () => {
      await server.close();
      await app.close();
    });
  } catch (error) {
    exitOnStartupError(error);
  }
}
