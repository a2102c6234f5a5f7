import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { MercuriusPlugin } from 'mercurius';

const STORE_QUERY = 'query WebchatStore($store: String!) { menu(store: $store) { storeName } }';
// A store's name may be edited; that it exists is settled (slugs never change).
const NAME_TTL_MS = 60_000;

/**
 * Which stores exist, by slug. A plugin can't read the core's tables, so this asks the core's public `menu` query,
 * in process, as any storefront would (the core caches menus per catalog version, so it costs little).
 */
@Injectable()
export class StoreDirectory {
  private readonly names = new Map<string, { name: string; at: number }>();

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** The store's name, or null when there is no store with this slug. */
  async nameOf(slug: string): Promise<string | null> {
    const known = this.names.get(slug);
    if (known && Date.now() - known.at < NAME_TTL_MS) return known.name;
    const graphql = this.adapterHost.httpAdapter?.getInstance<FastifyInstance & { graphql?: MercuriusPlugin }>().graphql;
    if (!graphql) throw new Error('Web chat visitors are served by an API process only');
    const result = await graphql(STORE_QUERY, { req: { headers: {} } } as never, { store: slug });
    const menu = (result.data as { menu?: { storeName: string } } | null)?.menu;
    if (menu) {
      this.names.set(slug, { name: menu.storeName, at: Date.now() });
      return menu.storeName;
    }
    if (result.errors?.some((error) => error.extensions?.code === 'NOT_FOUND')) return null;
    throw new Error(`Looking up store "${slug}" failed: ${result.errors?.map((error) => error.message).join('; ')}`);
  }
}
