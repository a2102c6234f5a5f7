import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';

/**
 * Lets the API take CSV bodies (text/csv, and the types browsers and Excel send for .csv files) as a stream, so the
 * import reads a large file as it arrives instead of Fastify buffering it whole against its 2 MB body limit.
 */
@Injectable()
export class CsvBodyParser implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    // The worker has no HTTP server.
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    const passThrough = (_request: FastifyRequest, payload: Readable, done: (error: Error | null, body?: unknown) => void) => done(null, payload);
    fastify.addContentTypeParser(['text/csv', 'application/csv', 'application/vnd.ms-excel'], passThrough);
  }
}
