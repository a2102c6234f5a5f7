import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { MetricsService } from './metrics.service';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * GET /metrics for Prometheus, on the API's or the worker's server. The metrics are the installation's, not a
 * store's, so a token of their own guards them (METRICS_TOKEN), not an API key. Without one the route does not
 * exist: 404.
 */
export function serveMetrics(server: FastifyInstance, metrics: MetricsService, token: string | null): void {
  if (!token) return;
  const expected = digest(`Bearer ${token}`);
  server.get('/metrics', async (request, reply) => {
    // Digests have equal lengths, as timingSafeEqual needs, and the comparison time tells nothing about the token.
    if (!timingSafeEqual(digest(request.headers.authorization ?? ''), expected)) {
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer')
        .send({ error: { code: 'UNAUTHENTICATED', message: 'Send METRICS_TOKEN as "Authorization: Bearer <token>"' } });
    }
    return reply.type(metrics.contentType).send(await metrics.render());
  });
}
