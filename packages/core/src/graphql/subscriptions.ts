import type { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { MercuriusPlugin } from 'mercurius';

/** Hands a payload to this process's GraphQL subscribers of a topic. The worker has no HTTP server and none. */
export function publishToSubscribers(adapterHost: HttpAdapterHost, topic: string, payload: Record<string, unknown>): void {
  const fastify = adapterHost.httpAdapter?.getInstance<FastifyInstance & { graphql?: MercuriusPlugin }>();
  fastify?.graphql?.pubsub.publish({ topic, payload });
}
