import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { Public } from '@parley/plugin-sdk';
import { Menu, MenuProduct, MenuSearchHit } from './menu.types';
import { MenuService } from './menu.service';

/** Public: no API key. Customers, chat channels and storefronts read the menu as it stands right now. */
@Public()
@Resolver(() => Menu)
export class MenuResolver {
  constructor(private readonly menus: MenuService) {}

  @Query(() => Menu, { description: "A store's menu now: active, in-window, available items only, in the customer's language." })
  menu(
    @Args('store', { description: 'The store slug.' }) store: string,
    @Args('language', { type: () => String, nullable: true }) language?: string | null,
  ): Promise<Menu> {
    return this.menus.menu(store, language);
  }

  @Query(() => MenuProduct, { nullable: true, description: "A product as it can be ordered now; null when it can't be." })
  menuProduct(
    @Args('store') store: string,
    @Args('id', { type: () => ID }) id: string,
    @Args('language', { type: () => String, nullable: true }) language?: string | null,
  ): Promise<MenuProduct | null> {
    return this.menus.product(store, id, language);
  }

  @Query(() => [MenuSearchHit], { description: 'Forgives typos and word order; best match first, one hit per product.' })
  searchMenu(
    @Args('store') store: string,
    @Args('text') text: string,
    @Args('language', { type: () => String, nullable: true }) language?: string | null,
    @Args('first', { type: () => Int, defaultValue: 10 }) first = 10,
  ): Promise<MenuSearchHit[]> {
    return this.menus.search(store, text, language, Math.min(Math.max(first, 1), 50));
  }
}
