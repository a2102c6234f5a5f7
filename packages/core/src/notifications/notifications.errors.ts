import { DomainError } from '@parley/plugin-sdk';
import type { NotificationEvent } from './notification-event';

/** A notification template that can't be sent as written. The message names every problem at once. */
export class InvalidTemplateError extends DomainError {
  constructor(event: NotificationEvent, problems: string[], unknownPlaceholders: string[], allowedPlaceholders: readonly string[]) {
    super('INVALID_TEMPLATE', `The ${event} template ${problems.join('; ')}`, {
      event,
      unknownPlaceholders,
      allowedPlaceholders: [...allowedPlaceholders],
    });
  }
}
