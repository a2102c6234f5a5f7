import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'An amount in integer minor units (cents) and its ISO 4217 currency.' })
export class Money {
  @Field(() => Int, { description: 'Minor units: 1250 is 12.50 in EUR, 1250 in JPY.' })
  amount: number;

  @Field({ description: 'ISO 4217 code, e.g. EUR.' })
  currency: string;
}

@InputType()
export class MoneyInput {
  @Field(() => Int)
  amount: number;

  @Field()
  currency: string;
}
