import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { ApiKeyRole } from './events';

/** Who is calling: the store an API key belongs to and the key's role. Set by the core's guard. */
export interface AuthContext {
  storeId: string;
  apiKeyId: string;
  role: ApiKeyRole;
}

export const IS_PUBLIC = 'parley:public';
export const REQUIRED_ROLES = 'parley:roles';

/** Marks a resolver or route as open without an API key (public menus, tracking pages, provider webhooks). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Restricts a resolver or route to some roles. Without it, any valid key of the store may call it. */
export const Roles = (...roles: ApiKeyRole[]) => SetMetadata(REQUIRED_ROLES, roles);

/** The request object the core's guard decorates with `auth`. */
export interface AuthenticatedRequest {
  auth?: AuthContext;
}

export function requestOf(context: ExecutionContext): AuthenticatedRequest {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: AuthenticatedRequest }>().req;
  }
  return context.switchToHttp().getRequest<AuthenticatedRequest>();
}

/** Injects the caller's AuthContext into a resolver or controller method. */
export const CurrentAuth = createParamDecorator((_data: unknown, context: ExecutionContext): AuthContext => {
  const auth = requestOf(context).auth;
  if (!auth) throw new Error('CurrentAuth used on a route without an API key; mark it @Roles or drop @Public');
  return auth;
});
