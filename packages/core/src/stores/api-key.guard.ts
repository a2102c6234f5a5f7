import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  type ApiKeyRole,
  type AuthenticatedRequest,
  DomainError,
  ForbiddenError,
  IS_PUBLIC,
  REQUIRED_ROLES,
  requestOf,
} from '@parley/plugin-sdk';
import { ApiKeyService } from './api-key.service';

export class UnauthenticatedError extends DomainError {
  constructor(message: string) {
    super('UNAUTHENTICATED', message);
  }
}

function secretFrom(headers: Record<string, string | string[] | undefined>): string | null {
  const authorization = headers['authorization'];
  if (typeof authorization === 'string' && authorization.startsWith('Bearer ')) return authorization.slice(7).trim();
  const apiKey = headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey.trim() : null;
}

/**
 * Every GraphQL operation and REST route needs an API key unless marked @Public(). The key decides the store: no
 * operation takes a store id from the caller, so one store's key can't reach another store's data.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = requestOf(context) as AuthenticatedRequest & { headers: Record<string, string | string[] | undefined> };
    if (!request.auth) {
      const secret = secretFrom(request.headers);
      if (!secret) throw new UnauthenticatedError('An API key is required: send it as "Authorization: Bearer <key>"');
      const auth = await this.apiKeys.authenticate(secret);
      if (!auth) throw new UnauthenticatedError('This API key is not valid or has been revoked');
      request.auth = auth;
    }
    const roles = this.reflector.getAllAndOverride<ApiKeyRole[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(request.auth.role)) {
      throw new ForbiddenError(`This needs an API key with the role ${roles.join(' or ')}`);
    }
    return true;
  }
}
