import { Controller, Get, Res } from '@nestjs/common';
import { Public } from '@parley/plugin-sdk';
import type { FastifyReply } from 'fastify';
import { HealthService } from './health.service';

@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** 200 when the database (and Redis, if configured) answer; 503 otherwise, for load balancers and compose. */
  @Public()
  @Get()
  async check(@Res() reply: FastifyReply): Promise<void> {
    const report = await this.health.check();
    await reply.status(report.status === 'ok' ? 200 : 503).send(report);
  }
}
