/**
 * An error a user can act on. It reaches GraphQL clients as `extensions.code` with this code and message, and REST
 * clients as `{ error: { code, message } }`. Codes are stable, SCREAMING_SNAKE_CASE, and listed in docs/errors.md.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id?: string) {
    super('NOT_FOUND', id ? `${what} ${id} was not found` : `${what} was not found`);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'This API key may not do that') {
    super('FORBIDDEN', message);
  }
}

export class BadUserInputError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('BAD_USER_INPUT', message, details);
  }
}

/** Thrown by a webhook parser when a signature or secret does not verify; the route answers 401 and stores nothing. */
export class WebhookVerificationError extends DomainError {
  constructor(message = 'Webhook signature did not verify') {
    super('WEBHOOK_SIGNATURE_INVALID', message);
  }
}
