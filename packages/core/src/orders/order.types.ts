import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Money } from '../graphql/money.type';

@ObjectType()
export class LineModifier {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => Money)
  priceDelta: Money;
}

@ObjectType()
export class Fulfilment {
  @Field({ description: 'delivery or pickup' })
  type: string;

  @Field(() => String, { nullable: true })
  address?: string | null;

  @Field(() => String, { nullable: true })
  postcode?: string | null;

  @Field(() => String, { nullable: true, description: 'Pickup time slot asked for, ISO time.' })
  pickupAt?: string | null;
}

@ObjectType()
export class CartLine {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  variantId: string;

  @Field()
  sku: string;

  @Field()
  productName: string;

  @Field()
  variantLabel: string;

  @Field(() => [LineModifier])
  modifiers: LineModifier[];

  @Field(() => Int)
  quantity: number;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field(() => Money, { description: 'Per unit, modifiers included, at current prices.' })
  unitPrice: Money;

  @Field(() => Money)
  lineTotal: Money;

  @Field({ description: 'The price differs from the one the customer was last shown.' })
  priceChanged: boolean;

  @Field({ description: 'False when sold out or withdrawn: the order would be refused.' })
  available: boolean;
}

@ObjectType({ description: 'A cart with totals computed now from current prices.' })
export class CartView {
  @Field(() => ID)
  id: string;

  @Field()
  customerRef: string;

  @Field(() => [CartLine])
  lines: CartLine[];

  @Field(() => Fulfilment, { nullable: true })
  fulfilment: Fulfilment | null;

  @Field(() => Money)
  subtotal: Money;

  @Field(() => Money)
  deliveryFee: Money;

  @Field(() => Money, { description: "Included in the prices or added on top, per the store's tax mode." })
  tax: Money;

  @Field(() => Money)
  tip: Money;

  @Field(() => Money)
  total: Money;

  @Field({ description: 'Some price changed since the customer saw it: show the cart again before checkout.' })
  priceChanged: boolean;

  @Field(() => ID, { nullable: true })
  orderId: string | null;
}

@InputType()
export class CreateCartInput {
  @Field({ description: 'Whose cart: a contact id or your own customer reference.' })
  customerRef: string;

  @Field(() => String, { nullable: true })
  customerName?: string | null;

  @Field(() => String, { nullable: true })
  customerPhone?: string | null;

  @Field(() => String, { nullable: true, description: 'Where the customer orders from; default api.' })
  channel?: string | null;
}

@InputType()
export class CartLineInput {
  @Field(() => ID, { nullable: true })
  variantId?: string | null;

  @Field(() => String, { nullable: true, description: 'Instead of variantId.' })
  sku?: string | null;

  @Field(() => Int, { defaultValue: 1 })
  quantity: number;

  @Field(() => [ID], { nullable: true })
  modifierIds?: string[] | null;

  @Field(() => String, { nullable: true, description: 'e.g. "no onions"' })
  note?: string | null;
}

@InputType()
export class DeliveryInput {
  @Field()
  address: string;

  @Field(() => String, { nullable: true })
  postcode?: string | null;

  @Field(() => Float, { nullable: true })
  latitude?: number | null;

  @Field(() => Float, { nullable: true })
  longitude?: number | null;
}

@InputType()
export class DeliveryZoneInput {
  @Field()
  name: string;

  @Field(() => [String], { nullable: true })
  postcodes?: string[] | null;

  @Field(() => Int, { nullable: true })
  radiusMeters?: number | null;

  @Field(() => Int, { defaultValue: 0, description: 'Minor units of the store currency.' })
  feeAmount: number;

  @Field(() => Int, { defaultValue: 0 })
  minimumOrderAmount: number;

  @Field(() => Int, { nullable: true })
  position?: number | null;
}
