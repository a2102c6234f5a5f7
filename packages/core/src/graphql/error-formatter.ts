import { Logger } from '@nestjs/common';
import { DomainError } from '@parley/plugin-sdk';
import type { ExecutionResult, GraphQLError, GraphQLFormattedError } from 'graphql';

const logger = new Logger('GraphQL');

/**
 * Every error a client sees carries a stable `extensions.code`:
 * - a DomainError keeps its own code (NOT_FOUND, FORBIDDEN, UNAUTHENTICATED, BAD_USER_INPUT, domain codes);
 * - a query the schema rejects, or one too deep or too complex, is GRAPHQL_VALIDATION_FAILED;
 * - anything else is INTERNAL_SERVER_ERROR with a generic message, logged with its stack but never sent out.
 */
export function formatGraphQLError(error: GraphQLError): GraphQLFormattedError {
  const original = error.originalError;
  const base = { message: error.message, locations: error.locations, path: error.path };
  if (original instanceof DomainError) {
    return { ...base, message: original.message, extensions: { code: original.code, ...original.details } };
  }
  if (!original || original.name === 'GraphQLError' || (original as { code?: string }).code?.startsWith('MER_ERR_GQL')) {
    // Errors graphql-js raises itself: parse, validation, variable coercion.
    const code = error.path ? 'BAD_USER_INPUT' : 'GRAPHQL_VALIDATION_FAILED';
    return { ...base, extensions: { code } };
  }
  logger.error(`Unexpected error in ${error.path?.join('.') ?? 'a GraphQL request'}: ${original.message}`, original.stack);
  return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

// Mercurius wraps all validation errors of a document (depth limit included) in one error holding them in `errors`.
function unwrap(error: GraphQLError): GraphQLError[] {
  const inner = (error.originalError as { errors?: GraphQLError[] } | undefined)?.errors;
  return Array.isArray(inner) && inner.length > 0 ? inner : [error];
}

export function mercuriusErrorFormatter(execution: ExecutionResult & { errors?: readonly GraphQLError[] }) {
  const errors = execution.errors?.flatMap(unwrap).map(formatGraphQLError) ?? [];
  const onlyValidation = errors.length > 0 && execution.data == null && errors.every((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED');
  return {
    statusCode: onlyValidation ? 400 : 200,
    response: { data: execution.data ?? null, errors },
  };
}
