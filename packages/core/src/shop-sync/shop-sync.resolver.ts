import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { type AuthContext, CurrentAuth, Roles } from '@parley/plugin-sdk';
import { ShopSyncState } from './shop-sync-state.entity';
import { ShopSyncService } from './shop-sync.service';

/** The owner's view of the shop imports: the state per shop plugin, and a full import on demand. */
@Resolver(() => ShopSyncState)
export class ShopSyncResolver {
  constructor(private readonly sync: ShopSyncService) {}

  @Roles('owner')
  @Query(() => [ShopSyncState], { description: "How the store's catalog stands with each shop plugin that serves it: last runs, counts, last error." })
  shopSyncStatus(@CurrentAuth() auth: AuthContext): Promise<ShopSyncState[]> {
    return this.sync.statuses(auth.storeId);
  }

  @Roles('owner')
  @Mutation(() => ShopSyncState, {
    description: "Queues a full import of the shop's catalog (e.g. shopify) now; follow it with shopSyncStatus. UNKNOWN_SHOP_CONNECTOR when no such shop plugin serves the store.",
  })
  startShopImport(@CurrentAuth() auth: AuthContext, @Args('connector') connector: string): Promise<ShopSyncState> {
    return this.sync.startFullImport(auth.storeId, connector);
  }
}
