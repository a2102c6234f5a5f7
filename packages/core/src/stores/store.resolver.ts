import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { type AuthContext, CurrentAuth, Roles } from '@parley/plugin-sdk';
import { Store } from './store.entity';
import { StoreService } from './store.service';

@Resolver(() => Store)
export class StoreResolver {
  constructor(private readonly stores: StoreService) {}

  @Query(() => Store, { description: "The store of the API key making the request." })
  store(@CurrentAuth() auth: AuthContext): Promise<Store> {
    return this.stores.get(auth.storeId);
  }

  @Roles('owner')
  @Mutation(() => Store)
  renameStore(@CurrentAuth() auth: AuthContext, @Args('name') name: string): Promise<Store> {
    return this.stores.rename(auth.storeId, name);
  }
}
