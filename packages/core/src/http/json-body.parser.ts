import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * JSON bodies, with the raw bytes kept for webhook signatures. A body that is not JSON is a 400 everywhere but on
 * webhook routes: there the route verifies the signature on the raw bytes first and decides itself (a provider's
 * signed but unreadable payload is kept and answered 200, or the provider would send it again forever).
 */
export function registerJsonBodyParser(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, (request, body, done) => {
    const bytes = body as Buffer;
    (request as typeof request & { rawBody?: Buffer }).rawBody = bytes;
    if (bytes.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(bytes.toString('utf8')));
    } catch (error) {
      if (request.url.startsWith('/webhooks/')) return done(null, undefined);
      done(Object.assign(error as Error, { statusCode: 400 }), undefined);
    }
  });
}
