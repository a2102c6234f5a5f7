import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { type AuthContext, CurrentAuth, Roles } from '@parley/plugin-sdk';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/config.schema';
import { APP_CONFIG } from '../../config/config.module';
import { Product } from '../product.entity';
import { ProductImage } from '../product-image.entity';
import { RenditionView, renditionViews } from './image-view';
import { productImageLoaders } from './product-image.loaders';
import { ProductImageService } from './product-image.service';

@Resolver(() => ProductImage)
export class ProductImageResolver {
  constructor(
    private readonly images: ProductImageService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Query(() => ProductImage, { description: 'One image, e.g. to follow its status after an upload.' })
  productImage(@CurrentAuth() auth: AuthContext, @Args('id', { type: () => ID }) id: string): Promise<ProductImage> {
    return this.images.image(auth.storeId, id);
  }

  @Roles('owner', 'staff')
  @Mutation(() => [ProductImage], { description: "Removes an image and its files. Returns the product's remaining images in order." })
  removeProductImage(@CurrentAuth() auth: AuthContext, @Args('id', { type: () => ID }) id: string): Promise<ProductImage[]> {
    return this.images.remove(auth.storeId, id);
  }

  @Roles('owner', 'staff')
  @Mutation(() => [ProductImage], { description: "Moves an image to a position (0 is first). Returns the product's images in their new order." })
  moveProductImage(
    @CurrentAuth() auth: AuthContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('position', { type: () => Int }) position: number,
  ): Promise<ProductImage[]> {
    return this.images.move(auth.storeId, id, position);
  }

  @ResolveField(() => [RenditionView], { description: 'Empty until the image is ready.' })
  renditions(@Parent() image: ProductImage): RenditionView[] {
    return renditionViews(image, this.config.publicUrl);
  }
}

/** `Product.images`, next to the catalog's own product fields. */
@Resolver(() => Product)
export class ProductImagesFieldResolver {
  constructor(private readonly dataSource: DataSource) {}

  @ResolveField(() => [ProductImage], { description: 'Its images in order, those processing or failed included (see status).' })
  images(@Parent() product: Product, @Context('req') request: object): Promise<ProductImage[]> {
    return productImageLoaders(request, this.dataSource).byProduct.load(product.id);
  }
}
