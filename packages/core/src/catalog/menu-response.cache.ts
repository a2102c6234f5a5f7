import { createHash } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Kind, type OperationDefinitionNode, parse, type ValueNode } from 'graphql';
import { MenuService } from './menu.service';

interface MenuRequest {
  store: string;
  language: string | null;
}

const LIMIT = 1000;
const CACHE_KEY = Symbol('menuResponseCacheKey');

function valueOf(node: ValueNode | undefined, variables: Record<string, unknown>): unknown {
  if (!node) return null;
  if (node.kind === Kind.VARIABLE) return variables[node.name.value] ?? null;
  if (node.kind === Kind.STRING) return node.value;
  if (node.kind === Kind.NULL) return null;
  return undefined;
}

/**
 * Whole-response cache for anonymous `menu` queries, the hottest public read: a chat channel or storefront asks
 * for the same menu over and over, and executing and serialising a 500-product tree each time costs far more than
 * the lookup. A cached answer is keyed by the request body and by MenuService.menuState (store, catalog version,
 * language, open sections), so any catalog change, in any process, or a section opening or closing, misses at once.
 */
@Injectable()
export class MenuResponseCache implements OnModuleInit {
  private readonly responses = new Map<string, Buffer>();
  private readonly documents = new Map<string, OperationDefinitionNode | null>();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly menus: MenuService,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return; // the worker has no HTTP server
    fastify.addHook('preHandler', (request, reply) => this.answerFromCache(request, reply));
    fastify.addHook('onSend', async (request, reply, payload) => {
      const key = (request as FastifyRequest & { [CACHE_KEY]?: string })[CACHE_KEY];
      if (key && reply.statusCode === 200 && typeof payload === 'string' && !payload.includes('"errors":[{')) {
        this.remember(key, Buffer.from(payload));
      }
      return payload;
    });
  }

  private async answerFromCache(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (request.method !== 'POST' || request.url !== '/graphql' || request.headers.authorization || request.headers['x-api-key']) return;
    const body = request.body as { query?: unknown; variables?: unknown; operationName?: unknown } | undefined;
    if (typeof body?.query !== 'string') return;
    const variables = (body.variables && typeof body.variables === 'object' ? body.variables : {}) as Record<string, unknown>;
    const menu = this.menuRequest(body.query, variables);
    if (!menu) return;
    let state: string;
    try {
      state = await this.menus.menuState(menu.store, menu.language);
    } catch {
      return; // unknown store and the like: the resolver answers with the proper error
    }
    const key = `${state}|${createHash('sha1').update(JSON.stringify([body.query, variables, body.operationName ?? null])).digest('base64')}`;
    const cached = this.responses.get(key);
    if (cached) {
      await reply.header('content-type', 'application/json; charset=utf-8').send(cached);
      return;
    }
    (request as FastifyRequest & { [CACHE_KEY]?: string })[CACHE_KEY] = key;
  }

  /** The store and language of a document asking for `menu` and nothing else, or null for any other document. */
  private menuRequest(query: string, variables: Record<string, unknown>): MenuRequest | null {
    let operation = this.documents.get(query);
    if (operation === undefined) {
      try {
        const document = parse(query);
        const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
        const only = operations.length === 1 && document.definitions.length === 1 ? (operations[0] as OperationDefinitionNode) : null;
        const fields = only?.operation === 'query' ? only.selectionSet.selections : [];
        operation = fields.length === 1 && fields[0].kind === Kind.FIELD && fields[0].name.value === 'menu' ? only : null;
      } catch {
        operation = null;
      }
      if (this.documents.size >= LIMIT) this.documents.delete(this.documents.keys().next().value as string);
      this.documents.set(query, operation);
    }
    if (!operation) return null;
    const field = operation.selectionSet.selections[0];
    if (field.kind !== Kind.FIELD) return null;
    const argument = (name: string) => valueOf(field.arguments?.find((arg) => arg.name.value === name)?.value, variables);
    const store = argument('store');
    const language = argument('language');
    if (typeof store !== 'string' || (language !== null && typeof language !== 'string')) return null;
    return { store, language };
  }

  private remember(key: string, payload: Buffer): void {
    if (this.responses.size >= LIMIT) this.responses.delete(this.responses.keys().next().value as string);
    this.responses.set(key, payload);
  }
}
