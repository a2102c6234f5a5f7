import { Readable } from 'node:stream';
import { Controller, Get, HttpCode, Post, Query, Req, StreamableFile } from '@nestjs/common';
import { type AuthContext, BadUserInputError, CurrentAuth, Roles } from '@parley/plugin-sdk';
import type { FastifyRequest } from 'fastify';
import type { CatalogImportReport } from './catalog-csv.report';
import { CatalogCsvService } from './catalog-csv.service';

function isReadable(body: unknown): body is Readable {
  return typeof (body as Readable | null)?.on === 'function' && typeof (body as Readable).pause === 'function';
}

/**
 * The body's chunks, read only as fast as the import uses them. `drain` then reads and drops whatever is left, so a
 * client still sending a refused file hears the answer instead of a reset connection.
 */
function bodyChunks(body: Readable): { chunks: AsyncGenerator<Buffer>; drain(): void } {
  const queue: Buffer[] = [];
  let ended = false;
  let draining = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  body.on('data', (chunk: Buffer) => {
    if (draining) return;
    queue.push(chunk);
    body.pause();
    wake?.();
  });
  body.once('end', () => {
    ended = true;
    wake?.();
  });
  body.once('error', (error: Error) => {
    failure = error;
    wake?.();
  });
  async function* chunks(): AsyncGenerator<Buffer> {
    for (;;) {
      if (queue.length > 0) {
        yield queue.shift()!;
        continue;
      }
      if (failure) throw failure;
      if (ended) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
        body.resume();
      });
      wake = null;
    }
  }
  return {
    chunks: chunks(),
    drain: () => {
      draining = true;
      queue.length = 0;
      body.resume();
    },
  };
}

function flag(value: string | undefined, name: string, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (['true', '1'].includes(value)) return true;
  if (['false', '0'].includes(value)) return false;
  throw new BadUserInputError(`${name} is true or false`);
}

/**
 * The catalog as CSV over REST, for files too large for a GraphQL string. Import takes the file as the body
 * (Content-Type text/csv) and answers the report; export streams the file. Owner and staff keys only.
 */
@Controller('admin/catalog')
export class CatalogCsvController {
  constructor(private readonly csv: CatalogCsvService) {}

  @Roles('owner', 'staff')
  @Post('import')
  @HttpCode(200)
  async import(@CurrentAuth() auth: AuthContext, @Query('dryRun') dryRun: string | undefined, @Req() request: FastifyRequest): Promise<CatalogImportReport> {
    const dry = flag(dryRun, 'dryRun', true);
    const body = request.body;
    if (typeof body === 'string' || Buffer.isBuffer(body)) return this.csv.import(auth.storeId, Readable.from([body]), { dryRun: dry });
    if (!isReadable(body)) throw new BadUserInputError('Send the CSV file as the request body, with Content-Type text/csv');
    const { chunks, drain } = bodyChunks(body);
    try {
      return await this.csv.import(auth.storeId, chunks, { dryRun: dry });
    } finally {
      drain();
    }
  }

  @Roles('owner', 'staff')
  @Get('export')
  async export(@CurrentAuth() auth: AuthContext): Promise<StreamableFile> {
    const lines = await this.csv.export(auth.storeId);
    async function* withBom(): AsyncGenerator<string> {
      // Excel takes a file without it for the local code page and garbles every accented name.
      yield '\uFEFF';
      yield* lines;
    }
    return new StreamableFile(Readable.from(withBom()), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="catalog.csv"',
    });
  }
}
