/**
 * A call to a provider's API (a channel's, a CRM's) that did not go through. `retryable` for timeouts, 5xx and rate
 * limits, with the provider's `Retry-After` as `retryAfterMs`; not for what fails again however often it is sent (an
 * invalid recipient, a refused token, invalid data), so the job queue stops at once.
 */
export class ProviderCallError extends Error {
  override readonly name: string = 'ProviderCallError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
    /** The provider's own code or category for the failure, e.g. `131047`, `RATE_LIMITS`, `http_401`. */
    readonly providerCode?: string,
  ) {
    super(message);
  }
}
