import { Module } from '@nestjs/common';
import { CatalogService } from './catalog.service';

/** Products, variants, modifiers, menu sections, images; the admin API and the public read model. */
@Module({
  providers: [CatalogService],
  exports: [CatalogService],
})
export class CatalogModule {}
