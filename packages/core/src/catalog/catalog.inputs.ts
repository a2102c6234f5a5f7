import { Field, ID, InputType, Int, OmitType, PartialType } from '@nestjs/graphql';
import { MoneyInput } from '../graphql/money.type';
import { AvailabilityWindowInput } from './availability';
import { ProductStatus } from './product.entity';
import { TranslationInput } from './translations';

@InputType()
export class OptionValueInput {
  @Field({ description: 'The option, e.g. size.' })
  name: string;

  @Field({ description: 'Its value for this variant, e.g. large.' })
  value: string;
}

@InputType()
export class CategoryInput {
  @Field()
  name: string;

  @Field(() => [TranslationInput], { nullable: true })
  translations?: TranslationInput[] | null;

  @Field(() => Int, { nullable: true })
  position?: number | null;

  @Field({ nullable: true })
  visible?: boolean;

  @Field(() => [AvailabilityWindowInput], { nullable: true, description: 'Empty or missing: whenever the store is open.' })
  availability?: AvailabilityWindowInput[] | null;
}

@InputType()
export class UpdateCategoryInput extends PartialType(CategoryInput) {}

@InputType()
export class VariantInput {
  @Field()
  sku: string;

  @Field(() => [OptionValueInput], { nullable: true, description: 'e.g. [{ name: "size", value: "large" }]' })
  options?: OptionValueInput[] | null;

  @Field(() => MoneyInput)
  price: MoneyInput;

  @Field(() => MoneyInput, { nullable: true })
  compareAtPrice?: MoneyInput | null;

  @Field({ nullable: true })
  trackStock?: boolean;

  @Field(() => Int, { nullable: true })
  stockOnHand?: number | null;

  @Field({ nullable: true })
  soldOut?: boolean;

  @Field(() => Int, { nullable: true })
  position?: number | null;
}

@InputType()
export class UpdateVariantInput extends PartialType(VariantInput) {
  @Field({ nullable: true, description: 'Removes the compare-at price.' })
  clearCompareAtPrice?: boolean;
}

@InputType()
export class ProductInput {
  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => [TranslationInput], { nullable: true })
  translations?: TranslationInput[] | null;

  @Field(() => [String], { nullable: true })
  tags?: string[] | null;

  @Field(() => [ID], { nullable: true })
  categoryIds?: string[] | null;

  @Field(() => [ID], { nullable: true })
  modifierGroupIds?: string[] | null;

  @Field(() => Int, { nullable: true })
  position?: number | null;

  @Field(() => String, { nullable: true })
  externalId?: string | null;

  @Field(() => String, { nullable: true })
  externalSource?: string | null;

  @Field(() => [VariantInput], { description: 'At least one; a product without options has exactly one.' })
  variants: VariantInput[];
}

@InputType()
export class UpdateProductInput extends PartialType(OmitType(ProductInput, ['variants', 'externalId', 'externalSource'] as const)) {
  @Field(() => ProductStatus, { nullable: true })
  status?: ProductStatus | null;
}

@InputType()
export class ModifierInput {
  @Field()
  name: string;

  @Field(() => [TranslationInput], { nullable: true })
  translations?: TranslationInput[] | null;

  @Field(() => MoneyInput, { nullable: true, description: 'Added to the item price; default 0.' })
  priceDelta?: MoneyInput | null;

  @Field({ nullable: true })
  available?: boolean;

  @Field(() => Int, { nullable: true })
  position?: number | null;
}

@InputType()
export class UpdateModifierInput extends PartialType(ModifierInput) {}

@InputType()
export class ModifierGroupInput {
  @Field()
  name: string;

  @Field(() => [TranslationInput], { nullable: true })
  translations?: TranslationInput[] | null;

  @Field(() => Int, { nullable: true, description: 'Default 0: optional.' })
  minSelect?: number | null;

  @Field(() => Int, { nullable: true, description: 'Default 1.' })
  maxSelect?: number | null;

  @Field(() => Int, { nullable: true })
  position?: number | null;

  @Field(() => [ModifierInput], { nullable: true })
  modifiers?: ModifierInput[] | null;
}

@InputType()
export class UpdateModifierGroupInput extends PartialType(OmitType(ModifierGroupInput, ['modifiers'] as const)) {}

@InputType({ description: 'One row of a bulk update, found by SKU; fields left out stay as they are.' })
export class BulkVariantUpdateInput {
  @Field()
  sku: string;

  @Field(() => MoneyInput, { nullable: true })
  price?: MoneyInput | null;

  @Field(() => Int, { nullable: true })
  stockOnHand?: number | null;

  @Field({ nullable: true })
  soldOut?: boolean;
}
