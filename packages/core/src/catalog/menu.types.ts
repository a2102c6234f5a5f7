import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Money } from '../graphql/money.type';
import { RenditionView } from './images/image-view';

/** The public read model: what customers, chat channels and storefronts see, localized and available right now. */

@ObjectType()
export class MenuOption {
  @Field()
  name: string;

  @Field()
  value: string;
}

@ObjectType()
export class MenuVariant {
  @Field(() => ID)
  id: string;

  @Field()
  sku: string;

  @Field({ description: 'The option values joined, e.g. "large"; empty for a product without options.' })
  label: string;

  @Field(() => [MenuOption])
  options: MenuOption[];

  @Field(() => Money)
  price: Money;

  @Field(() => Money, { nullable: true })
  compareAtPrice: Money | null;
}

@ObjectType()
export class MenuModifier {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => Money)
  priceDelta: Money;
}

@ObjectType()
export class MenuModifierGroup {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => Int)
  minSelect: number;

  @Field(() => Int)
  maxSelect: number;

  @Field(() => [MenuModifier])
  modifiers: MenuModifier[];
}

@ObjectType()
export class MenuImage {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  alt: string | null;

  @Field(() => Int)
  width: number;

  @Field(() => Int)
  height: number;

  @Field(() => [RenditionView], { description: 'Square thumbnail, 600 and 1200 px wide, each as WebP and JPEG.' })
  renditions: RenditionView[];
}

@ObjectType()
export class MenuProduct {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => [String])
  tags: string[];

  @Field(() => [MenuImage], { description: 'Processed pictures only, in order.' })
  images: MenuImage[];

  @Field(() => Money, { description: 'The lowest price among its available variants.' })
  fromPrice: Money;

  @Field(() => [MenuVariant], { description: 'Only variants that can be ordered now.' })
  variants: MenuVariant[];

  @Field(() => [MenuModifierGroup])
  modifierGroups: MenuModifierGroup[];
}

@ObjectType()
export class MenuCategory {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => [MenuProduct])
  products: MenuProduct[];
}

@ObjectType()
export class Menu {
  @Field()
  storeName: string;

  @Field()
  storeSlug: string;

  @Field()
  currency: string;

  @Field({ description: 'The language of the texts: the one asked for where translated, else the store default.' })
  language: string;

  @Field(() => [MenuCategory], { description: 'Visible sections open right now, in menu order, none of them empty.' })
  categories: MenuCategory[];
}

@ObjectType()
export class MenuSearchHit {
  @Field(() => MenuProduct)
  product: MenuProduct;

  @Field(() => MenuVariant, { description: 'The variant the words point at (e.g. "large"), else the first one.' })
  variant: MenuVariant;

  @Field({ description: 'Higher is a better match.' })
  score: number;
}
