import { ImageProcessingProcessor } from './image-processing.processor';
import { ImageUploadParser } from './image-upload.parser';
import { MediaController } from './media.controller';
import { ProductImageController } from './product-image.controller';
import { ProductImageResolver, ProductImagesFieldResolver } from './product-image.resolver';
import { ProductImageService } from './product-image.service';

/** What the catalog module registers for product images. */
export const imageProviders = [ProductImageService, ImageProcessingProcessor, ImageUploadParser, ProductImageResolver, ProductImagesFieldResolver];
export const imageControllers = [ProductImageController, MediaController];

export { imageView, renditionViews, type ImageView, RenditionView } from './image-view';
export { ProductImageService } from './product-image.service';
