import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { type AuthContext, CurrentAuth } from '@parley/plugin-sdk';
import { DataSource } from 'typeorm';
import { ConnectionOf, PageArgs, type Connection } from '../graphql/pagination';
import { catalogLoaders } from './catalog.loaders';
import { ProductInput, UpdateProductInput, VariantInput } from './catalog.inputs';
import { CatalogService } from './catalog.service';
import { Category } from './category.entity';
import { ModifierGroup } from './modifier-group.entity';
import { Product, ProductStatus } from './product.entity';
import { Variant } from './variant.entity';

const ProductConnection = ConnectionOf(Product);

@Resolver(() => Product)
export class ProductResolver {
  constructor(
    private readonly catalog: CatalogService,
    private readonly dataSource: DataSource,
  ) {}

  @Query(() => ProductConnection, { description: "The store's products, newest first." })
  products(
    @CurrentAuth() auth: AuthContext,
    @Args() page: PageArgs,
    @Args('status', { type: () => ProductStatus, nullable: true }) status?: ProductStatus,
    @Args('categoryId', { type: () => ID, nullable: true }) categoryId?: string,
  ): Promise<Connection<Product>> {
    return this.catalog.products(auth.storeId, { status, categoryId }, page);
  }

  @Query(() => Product)
  product(@CurrentAuth() auth: AuthContext, @Args('id', { type: () => ID }) id: string): Promise<Product> {
    return this.catalog.product(auth.storeId, id);
  }

  @Query(() => Variant)
  variantBySku(@CurrentAuth() auth: AuthContext, @Args('sku') sku: string): Promise<Variant> {
    return this.catalog.variantBySku(auth.storeId, sku);
  }

  @Mutation(() => Product)
  createProduct(@CurrentAuth() auth: AuthContext, @Args('input') input: ProductInput): Promise<Product> {
    return this.catalog.createProduct(auth.storeId, input);
  }

  @Mutation(() => Product)
  updateProduct(
    @CurrentAuth() auth: AuthContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateProductInput,
  ): Promise<Product> {
    return this.catalog.updateProduct(auth.storeId, id, input);
  }

  @Mutation(() => Product, { description: 'Hides the product everywhere; updateProduct(status: active) brings it back.' })
  archiveProduct(@CurrentAuth() auth: AuthContext, @Args('id', { type: () => ID }) id: string): Promise<Product> {
    return this.catalog.archiveProduct(auth.storeId, id);
  }

  @Mutation(() => Variant)
  addVariant(
    @CurrentAuth() auth: AuthContext,
    @Args('productId', { type: () => ID }) productId: string,
    @Args('input') input: VariantInput,
  ): Promise<Variant> {
    return this.catalog.addVariant(auth.storeId, productId, input);
  }

  @ResolveField(() => [Variant], { description: 'Variants not archived, in order.' })
  variants(@Parent() product: Product, @Context('req') request: object): Promise<Variant[]> {
    return catalogLoaders(request, this.dataSource).variantsByProduct.load(product.id);
  }

  @ResolveField(() => [Category])
  categories(@Parent() product: Product, @Context('req') request: object): Promise<Category[]> {
    return catalogLoaders(request, this.dataSource).categoriesByProduct.load(product.id);
  }

  @ResolveField(() => [ModifierGroup])
  modifierGroups(@Parent() product: Product, @Context('req') request: object): Promise<ModifierGroup[]> {
    return catalogLoaders(request, this.dataSource).modifierGroupsByProduct.load(product.id);
  }
}
