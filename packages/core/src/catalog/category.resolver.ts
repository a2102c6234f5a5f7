import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { type AuthContext, CurrentAuth } from '@parley/plugin-sdk';
import { CategoryInput, UpdateCategoryInput } from './catalog.inputs';
import { CatalogService } from './catalog.service';
import { Category } from './category.entity';

@Resolver(() => Category)
export class CategoryResolver {
  constructor(private readonly catalog: CatalogService) {}

  @Query(() => [Category], { description: 'Menu sections in menu order.' })
  categories(
    @CurrentAuth() auth: AuthContext,
    @Args('includeArchived', { defaultValue: false }) includeArchived: boolean,
  ): Promise<Category[]> {
    return this.catalog.categories(auth.storeId, includeArchived);
  }

  @Mutation(() => Category)
  createCategory(@CurrentAuth() auth: AuthContext, @Args('input') input: CategoryInput): Promise<Category> {
    return this.catalog.createCategory(auth.storeId, input);
  }

  @Mutation(() => Category)
  updateCategory(
    @CurrentAuth() auth: AuthContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateCategoryInput,
  ): Promise<Category> {
    return this.catalog.updateCategory(auth.storeId, id, input);
  }

  @Mutation(() => Category)
  archiveCategory(@CurrentAuth() auth: AuthContext, @Args('id', { type: () => ID }) id: string): Promise<Category> {
    return this.catalog.archiveCategory(auth.storeId, id);
  }

  @Mutation(() => [Category], { description: 'These categories first, in this order; the rest keep their order after them.' })
  reorderCategories(
    @CurrentAuth() auth: AuthContext,
    @Args('ids', { type: () => [ID] }) ids: string[],
  ): Promise<Category[]> {
    return this.catalog.reorderCategories(auth.storeId, ids);
  }
}
