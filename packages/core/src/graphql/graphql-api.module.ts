import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '@parley/plugin-sdk';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { getComplexity, simpleEstimator } from 'graphql-query-complexity';
import type { AppConfig } from '../config/config.schema';
import { APP_CONFIG } from '../config/config.module';
import { ApiKeyService } from '../stores/api-key.service';
import { StoresModule } from '../stores/stores.module';
import { mercuriusErrorFormatter } from './error-formatter';

// A hook rather than a validation rule: mercurius caches validated documents, but complexity depends on variables.
function complexityLimit(max: number) {
  return async (schema: GraphQLSchema, document: DocumentNode, _context: unknown, variables?: Record<string, unknown>) => {
    const complexity = getComplexity({
      schema,
      query: document,
      variables: variables ?? {},
      estimators: [simpleEstimator({ defaultComplexity: 1 })],
    });
    if (complexity > max) {
      throw new DomainError(
        'QUERY_TOO_COMPLEX',
        `This query is too complex: ${complexity} where ${max} is allowed. Ask for fewer fields or items.`,
      );
    }
  };
}

// Over a WebSocket every operation would share its connection's request object, and with it the per-request
// DataLoaders and their caches: each query or mutation there gets its own copy (the key's auth included).
async function ownRequestPerSocketOperation(_schema: GraphQLSchema, _document: DocumentNode, context: { reply?: unknown; req?: object }) {
  if (!context.reply && context.req) context.req = { ...context.req };
}

/**
 * The GraphQL endpoint at /graphql: code-first schema from every loaded module's resolvers (plugins' included),
 * Mercurius on Fastify (with JIT compilation of hot queries), depth and complexity limits, and GraphiQL outside
 * production only.
 */
@Module({
  imports: [
    GraphQLModule.forRootAsync<MercuriusDriverConfig>({
      driver: MercuriusDriver,
      imports: [StoresModule],
      inject: [APP_CONFIG, ApiKeyService],
      useFactory: (config: AppConfig, apiKeys: ApiKeyService) => ({
        autoSchemaFile: true,
        sortSchema: true,
        path: '/graphql',
        graphiql: config.env !== 'production',
        jit: 1,
        queryDepth: config.graphql.maxDepth,
        subscription: {
          // Queries and mutations too, not only subscriptions: a web chat widget on a store's own site has its
          // WebSocket to the API and nothing else (a cross-site POST would need CORS).
          fullWsTransport: true,
          context: (_socket: unknown, request: FastifyRequest) => ({ req: request }),
          // Browsers can't set headers on a WebSocket: the key comes in connection_init's payload instead
          // ({ "authorization": "Bearer <key>" }). A bad key closes the connection; none leaves only public fields.
          onConnect: async ({ payload }: { payload?: { authorization?: string; apiKey?: string } }) => {
            const given = payload?.authorization?.replace(/^Bearer\s+/i, '') ?? payload?.apiKey;
            if (!given) return { req: { headers: {} } };
            const auth = await apiKeys.authenticate(given);
            return auth ? { req: { headers: {}, auth } } : false;
          },
        },
        context: (request: FastifyRequest) => ({ req: request }),
        hooks: { preExecution: [complexityLimit(config.graphql.maxComplexity), ownRequestPerSocketOperation] },
        errorFormatter: mercuriusErrorFormatter as never,
      }),
    }),
  ],
})
export class GraphQLApiModule {}
