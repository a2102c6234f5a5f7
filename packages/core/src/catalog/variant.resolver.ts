import { Args, Field, ID, Mutation, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { type AuthContext, CurrentAuth } from '@parley/plugin-sdk';
import { Money } from '../graphql/money.type';
import { BulkVariantUpdateInput, UpdateVariantInput } from './catalog.inputs';
import { CatalogService } from './catalog.service';
import { Variant } from './variant.entity';

@ObjectType()
export class OptionValue {
  @Field()
  name: string;

  @Field()
  value: string;
}

@Resolver(() => Variant)
export class VariantResolver {
  constructor(private readonly catalog: CatalogService) {}

  @Mutation(() => Variant)
  updateVariant(
    @CurrentAuth() auth: AuthContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateVariantInput,
  ): Promise<Variant> {
    return this.catalog.updateVariant(auth.storeId, id, input);
  }

  @Mutation(() => Variant, { description: 'Flip the sold-out switch in one call.' })
  setVariantSoldOut(
    @CurrentAuth() auth: AuthContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('soldOut') soldOut: boolean,
  ): Promise<Variant> {
    return this.catalog.setVariantSoldOut(auth.storeId, id, soldOut);
  }

  @Mutation(() => Variant, { description: "Refused for a product's last variant: archive the product instead." })
  archiveVariant(@CurrentAuth() auth: AuthContext, @Args('id', { type: () => ID }) id: string): Promise<Variant> {
    return this.catalog.archiveVariant(auth.storeId, id);
  }

  @Mutation(() => [Variant], { description: 'Prices, stock and sold-out by SKU, all in one transaction: every row applies or none.' })
  bulkUpdateVariants(
    @CurrentAuth() auth: AuthContext,
    @Args('rows', { type: () => [BulkVariantUpdateInput] }) rows: BulkVariantUpdateInput[],
  ): Promise<Variant[]> {
    return this.catalog.bulkUpdateVariants(auth.storeId, rows);
  }

  @ResolveField(() => Money)
  price(@Parent() variant: Variant): Money {
    return { amount: variant.priceAmount, currency: variant.currency };
  }

  @ResolveField(() => Money, { nullable: true, description: 'The former or usual price, shown struck through.' })
  compareAtPrice(@Parent() variant: Variant): Money | null {
    return variant.compareAtAmount == null ? null : { amount: variant.compareAtAmount, currency: variant.currency };
  }

  @ResolveField(() => [OptionValue])
  options(@Parent() variant: Variant): OptionValue[] {
    return Object.entries(variant.options).map(([name, value]) => ({ name, value }));
  }

  @ResolveField(() => Boolean, { description: 'Whether a customer can order it now (not sold out, in stock if tracked).' })
  available(@Parent() variant: Variant): boolean {
    return variant.available;
  }
}
