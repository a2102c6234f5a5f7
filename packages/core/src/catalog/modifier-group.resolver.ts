import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { type AuthContext, CurrentAuth } from '@parley/plugin-sdk';
import { DataSource } from 'typeorm';
import { Money } from '../graphql/money.type';
import { catalogLoaders } from './catalog.loaders';
import { ModifierGroupInput, ModifierInput, UpdateModifierGroupInput, UpdateModifierInput } from './catalog.inputs';
import { CatalogService } from './catalog.service';
import { Modifier } from './modifier.entity';
import { ModifierGroup } from './modifier-group.entity';

@Resolver(() => ModifierGroup)
export class ModifierGroupResolver {
  constructor(
    private readonly catalog: CatalogService,
    private readonly dataSource: DataSource,
  ) {}

  @Query(() => [ModifierGroup])
  modifierGroups(
    @CurrentAuth() auth: AuthContext,
    @Args('includeArchived', { defaultValue: false }) includeArchived: boolean,
  ): Promise<ModifierGroup[]> {
    return this.catalog.modifierGroups(auth.storeId, includeArchived);
  }

  @Mutation(() => ModifierGroup)
  createModifierGroup(@CurrentAuth() auth: AuthContext, @Args('input') input: ModifierGroupInput): Promise<ModifierGroup> {
    return this.catalog.createModifierGroup(auth.storeId, input);
  }

  @Mutation(() => ModifierGroup)
  updateModifierGroup(
    @CurrentAuth() auth: AuthContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateModifierGroupInput,
  ): Promise<ModifierGroup> {
    return this.catalog.updateModifierGroup(auth.storeId, id, input);
  }

  @Mutation(() => ModifierGroup)
  archiveModifierGroup(@CurrentAuth() auth: AuthContext, @Args('id', { type: () => ID }) id: string): Promise<ModifierGroup> {
    return this.catalog.archiveModifierGroup(auth.storeId, id);
  }

  @Mutation(() => Modifier)
  addModifier(
    @CurrentAuth() auth: AuthContext,
    @Args('groupId', { type: () => ID }) groupId: string,
    @Args('input') input: ModifierInput,
  ): Promise<Modifier> {
    return this.catalog.addModifier(auth.storeId, groupId, input);
  }

  @Mutation(() => Modifier, { description: 'Also the way to mark a modifier unavailable: { available: false }.' })
  updateModifier(
    @CurrentAuth() auth: AuthContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateModifierInput,
  ): Promise<Modifier> {
    return this.catalog.updateModifier(auth.storeId, id, input);
  }

  @Mutation(() => Modifier)
  archiveModifier(@CurrentAuth() auth: AuthContext, @Args('id', { type: () => ID }) id: string): Promise<Modifier> {
    return this.catalog.archiveModifier(auth.storeId, id);
  }

  @ResolveField(() => [Modifier])
  modifiers(@Parent() group: ModifierGroup, @Context('req') request: object): Promise<Modifier[]> {
    return catalogLoaders(request, this.dataSource).modifiersByGroup.load(group.id);
  }
}

@Resolver(() => Modifier)
export class ModifierResolver {
  @ResolveField(() => Money, { description: 'Added to the item price per unit; may be zero or negative.' })
  priceDelta(@Parent() modifier: Modifier): Money {
    return { amount: modifier.priceDeltaAmount, currency: modifier.currency };
  }
}
