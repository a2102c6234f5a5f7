import { Field, Int, ObjectType } from '@nestjs/graphql';
import { type ImageRendition, type ProductImage, ImageStatus } from '../product-image.entity';

/** One rendition as clients see it: where to fetch it, and what they'll get. */
@ObjectType('ImageRendition', { description: 'A resized copy of a product image. Its URL never changes content, so it is cached for a year.' })
export class RenditionView {
  @Field({ description: 'square200 (200 x 200 crop), w600 or w1200 (that wide at most, never enlarged).' })
  name: string;

  @Field({ description: 'webp or jpeg.' })
  format: string;

  @Field(() => Int)
  width: number;

  @Field(() => Int)
  height: number;

  @Field(() => Int)
  bytes: number;

  @Field({ description: 'Absolute URL, public and cacheable forever.' })
  url: string;
}

/** A ready image for a customer-facing read model (the public menu, a chat's product card). */
export interface ImageView {
  id: string;
  position: number;
  alt: string | null;
  width: number;
  height: number;
  renditions: RenditionView[];
}

export function renditionUrl(publicUrl: string, key: string): string {
  return `${publicUrl}/media/${key}`;
}

export function renditionViews(image: Pick<ProductImage, 'renditions'>, publicUrl: string): RenditionView[] {
  return image.renditions.map((rendition: ImageRendition) => ({
    name: rendition.name,
    format: rendition.format,
    width: rendition.width,
    height: rendition.height,
    bytes: rendition.bytes,
    url: renditionUrl(publicUrl, rendition.key),
  }));
}

/**
 * A product image as the public may see it, or null while it is processing or if it failed: customers only ever
 * get images whose renditions all exist. `publicUrl` is config.publicUrl.
 */
export function imageView(image: ProductImage, publicUrl: string): ImageView | null {
  if (image.status !== ImageStatus.ready) return null;
  return {
    id: image.id,
    position: image.position,
    alt: image.alt,
    width: image.width,
    height: image.height,
    renditions: renditionViews(image, publicUrl),
  };
}

/** A product image as the admin REST API answers it: everything, with rendition URLs once ready. */
export function adminImageView(image: ProductImage, publicUrl: string) {
  return {
    id: image.id,
    productId: image.productId,
    position: image.position,
    status: image.status,
    error: image.error,
    alt: image.alt,
    mimeType: image.mimeType,
    width: image.width,
    height: image.height,
    bytes: image.bytes,
    createdAt: image.createdAt,
    renditions: renditionViews(image, publicUrl),
  };
}
