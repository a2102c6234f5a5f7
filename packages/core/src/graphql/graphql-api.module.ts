import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import type { FastifyRequest } from 'fastify';
import { GraphQLError, type ValidationRule } from 'graphql';
import { createComplexityRule, simpleEstimator } from 'graphql-query-complexity';
import type { AppConfig } from '../config/config.schema';
import { APP_CONFIG } from '../config/config.module';
import { mercuriusErrorFormatter } from './error-formatter';

function complexityRule(max: number, variables: Record<string, unknown> | undefined): ValidationRule {
  return createComplexityRule({
    maximumComplexity: max,
    variables: variables ?? {},
    estimators: [simpleEstimator({ defaultComplexity: 1 })],
    createError: (complexity: number, limit: number) =>
      new GraphQLError(`This query is too complex: ${complexity} where ${limit} is allowed. Ask for fewer fields or items.`),
  });
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
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        autoSchemaFile: true,
        sortSchema: true,
        path: '/graphql',
        graphiql: config.env !== 'production',
        jit: 1,
        queryDepth: config.graphql.maxDepth,
        subscription: { context: (_socket: unknown, request: FastifyRequest) => ({ req: request }) },
        context: (request: FastifyRequest) => ({ req: request }),
        validationRules: ({ variables }: { variables?: Record<string, unknown> }) => [
          complexityRule(config.graphql.maxComplexity, variables),
        ],
        errorFormatter: mercuriusErrorFormatter as never,
      }),
    }),
  ],
})
export class GraphQLApiModule {}
