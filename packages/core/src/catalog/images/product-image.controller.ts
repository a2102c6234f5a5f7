import { Controller, Get, Inject, Param, Post, Req } from '@nestjs/common';
import { type AuthContext, CurrentAuth, Roles } from '@parley/plugin-sdk';
import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '../../config/config.schema';
import { APP_CONFIG } from '../../config/config.module';
import { MAX_IMAGE_BYTES } from './image-renditions';
import { readUpload } from './image-upload.parser';
import { adminImageView } from './image-view';
import { ProductImageService } from './product-image.service';

/**
 * Image uploads: the raw image bytes as the body (any image/* type or application/octet-stream; the type is read from
 * the bytes). Answers 201 with the image as "processing"; its renditions follow from the `images` job.
 */
@Controller('admin/products/:productId/images')
export class ProductImageController {
  constructor(
    private readonly images: ProductImageService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Roles('owner', 'staff')
  @Post()
  async upload(@CurrentAuth() auth: AuthContext, @Param('productId') productId: string, @Req() request: FastifyRequest) {
    const bytes = await readUpload(request, MAX_IMAGE_BYTES);
    return adminImageView(await this.images.upload(auth.storeId, productId, bytes), this.config.publicUrl);
  }

  @Get()
  async list(@CurrentAuth() auth: AuthContext, @Param('productId') productId: string) {
    const images = await this.images.images(auth.storeId, productId);
    return images.map((image) => adminImageView(image, this.config.publicUrl));
  }
}
