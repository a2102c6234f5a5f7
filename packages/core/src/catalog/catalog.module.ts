import { Module } from '@nestjs/common';
import { CatalogService } from './catalog.service';
import { CategoryResolver } from './category.resolver';
import { csvControllers, csvProviders } from './csv';
import { imageControllers, imageProviders, ProductImageService } from './images';
import { MenuResolver } from './menu.resolver';
import { MenuResponseCache } from './menu-response.cache';
import { MenuService } from './menu.service';
import { ModifierGroupResolver, ModifierResolver } from './modifier-group.resolver';
import { ProductResolver } from './product.resolver';
import { VariantResolver } from './variant.resolver';
import { StorageModule } from '../storage/storage.module';

/** Products, variants, modifiers, menu sections, images; the admin API and the public read model. */
@Module({
  imports: [StorageModule],
  controllers: [...imageControllers, ...csvControllers],
  providers: [
    CatalogService,
    MenuService,
    ProductResolver,
    VariantResolver,
    CategoryResolver,
    ModifierGroupResolver,
    ModifierResolver,
    MenuResolver,
    MenuResponseCache,
    ...imageProviders,
    ...csvProviders,
  ],
  exports: [CatalogService, MenuService, ProductImageService],
})
export class CatalogModule {}
