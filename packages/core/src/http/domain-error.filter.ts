import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { DomainError } from '@parley/plugin-sdk';
import type { FastifyReply } from 'fastify';

// The HTTP status of each code that isn't a plain 400; GraphQL ignores it (its errors travel in a 200).
const STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401,
  WEBHOOK_SIGNATURE_INVALID: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  IMAGE_TOO_LARGE: 413,
  UNSUPPORTED_IMAGE_TYPE: 415,
  IMAGE_TOO_MANY_PIXELS: 422,
};

export function httpStatusOf(error: DomainError): number {
  return STATUS[error.code] ?? 400;
}

/**
 * REST routes answer a DomainError as `{ "error": { "code", "message" } }` with a 4xx status (docs/errors.md).
 * Registered globally, so it also sees GraphQL resolvers' errors: those go back to the GraphQL error formatter.
 */
@Catch(DomainError)
export class DomainErrorFilter implements ExceptionFilter<DomainError> {
  catch(error: DomainError, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    void reply.status(httpStatusOf(error)).send({ error: { code: error.code, message: error.message, ...(error.details && { details: error.details }) } });
  }
}
