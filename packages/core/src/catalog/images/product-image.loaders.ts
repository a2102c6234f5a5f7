import DataLoader from 'dataloader';
import { type DataSource, In } from 'typeorm';
import { ProductImage } from '../product-image.entity';

/** Batches `Product.images` of one GraphQL request: a page of products costs one query for all their images. */
export class ProductImageLoaders {
  constructor(private readonly dataSource: DataSource) {}

  readonly byProduct = new DataLoader<string, ProductImage[]>(async (productIds) => {
    const images = await this.dataSource.getRepository(ProductImage).find({
      where: { productId: In([...productIds]) },
      order: { position: 'ASC', createdAt: 'ASC' },
    });
    const byId = new Map<string, ProductImage[]>(productIds.map((id) => [id, []]));
    for (const image of images) byId.get(image.productId)?.push(image);
    return productIds.map((id) => byId.get(id) ?? []);
  });
}

const perRequest = new WeakMap<object, ProductImageLoaders>();

/** The loaders of one GraphQL request: batching and caching live exactly as long as the request. */
export function productImageLoaders(request: object, dataSource: DataSource): ProductImageLoaders {
  let loaders = perRequest.get(request);
  if (!loaders) {
    loaders = new ProductImageLoaders(dataSource);
    perRequest.set(request, loaders);
  }
  return loaders;
}
