import DataLoader from 'dataloader';
import { type DataSource, In, IsNull } from 'typeorm';
import { groupByIds } from '../database/group-by';
import { perRequest } from '@parley/plugin-sdk';
import { Category } from './category.entity';
import { Modifier } from './modifier.entity';
import { ModifierGroup } from './modifier-group.entity';
import { Variant } from './variant.entity';

type Link = { ownerId: string; targetId: string };

async function links(dataSource: DataSource, table: string, ownerColumn: string, targetColumn: string, ids: readonly string[]) {
  const rows = await dataSource
    .createQueryBuilder()
    .select(`"link"."${ownerColumn}"`, 'ownerId')
    .addSelect(`"link"."${targetColumn}"`, 'targetId')
    .from(table, 'link')
    .where(`"link"."${ownerColumn}" IN (:...ids)`, { ids })
    .getRawMany<Link>();
  return rows;
}

/**
 * Batches what the admin API loads per product: a page of 100 products with their variants, categories and
 * modifier groups costs a handful of queries, not a few per product.
 */
export class CatalogLoaders {
  constructor(private readonly dataSource: DataSource) {}

  readonly variantsByProduct = new DataLoader<string, Variant[]>(async (productIds) => {
    const variants = await this.dataSource.getRepository(Variant).find({
      where: { productId: In([...productIds]), archivedAt: IsNull() },
      order: { position: 'ASC', createdAt: 'ASC' },
    });
    return groupByIds(productIds, variants, (variant) => variant.productId);
  });

  readonly categoriesByProduct = new DataLoader<string, Category[]>(async (productIds) =>
    this.linked(productIds, 'product_category', 'productId', 'categoryId', Category),
  );

  readonly modifierGroupsByProduct = new DataLoader<string, ModifierGroup[]>(async (productIds) =>
    this.linked(productIds, 'product_modifier_group', 'productId', 'modifierGroupId', ModifierGroup),
  );

  readonly modifiersByGroup = new DataLoader<string, Modifier[]>(async (groupIds) => {
    const modifiers = await this.dataSource.getRepository(Modifier).find({
      where: { groupId: In([...groupIds]), archivedAt: IsNull() },
      order: { position: 'ASC', name: 'ASC' },
    });
    return groupByIds(groupIds, modifiers, (modifier) => modifier.groupId);
  });

  private async linked<T extends { id: string; archivedAt: Date | null; position: number }>(
    ownerIds: readonly string[],
    table: string,
    ownerColumn: string,
    targetColumn: string,
    entity: new () => T,
  ): Promise<T[][]> {
    const rows = await links(this.dataSource, table, ownerColumn, targetColumn, ownerIds);
    const targetIds = [...new Set(rows.map((row) => row.targetId))];
    const targets = targetIds.length ? await this.dataSource.getRepository(entity).findBy({ id: In(targetIds) } as never) : [];
    const byId = new Map(targets.filter((target) => !target.archivedAt).map((target) => [target.id, target]));
    return groupByIds(ownerIds, rows, (row) => row.ownerId).map((owned) =>
      owned
        .map((row) => byId.get(row.targetId))
        .filter((target): target is T => target !== undefined)
        .sort((a, b) => a.position - b.position),
    );
  }
}

/** The catalog loaders of one GraphQL request. */
export function catalogLoaders(request: object, dataSource: DataSource): CatalogLoaders {
  return perRequest(request, CatalogLoaders, () => new CatalogLoaders(dataSource));
}
