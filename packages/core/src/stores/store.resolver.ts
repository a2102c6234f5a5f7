import { Args, Field, Float, InputType, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AvailabilityWindowInput } from '../catalog/availability';
import { type AuthContext, CurrentAuth, Roles } from '@parley/plugin-sdk';
import { Store, StoreFaqType, TaxMode, WhenClosed } from './store.entity';
import { StoreService } from './store.service';

@InputType()
class StoreSettingsInput {
  @Field(() => String, { nullable: true, description: "ISO 4217; can't change once the store has priced variants." })
  currency?: string | null;

  @Field(() => String, { nullable: true, description: 'IANA time zone, e.g. Europe/Rome.' })
  timeZone?: string | null;

  @Field(() => String, { nullable: true })
  defaultLanguage?: string | null;

  @Field(() => TaxMode, { nullable: true })
  taxMode?: TaxMode | null;

  @Field(() => Int, { nullable: true, description: 'Basis points: 1000 is 10%.' })
  taxRateBasisPoints?: number | null;

  @Field(() => [AvailabilityWindowInput], { nullable: true, description: 'When orders are taken; an empty list: always.' })
  openingHours?: AvailabilityWindowInput[] | null;

  @Field(() => Float, { nullable: true, description: 'Where the store is, for delivery zones by distance.' })
  latitude?: number | null;

  @Field(() => Float, { nullable: true })
  longitude?: number | null;

  @Field(() => [String], { nullable: true, description: 'Local dates (YYYY-MM-DD) closed all day; replaces the list.' })
  closedDates?: string[] | null;

  @Field(() => WhenClosed, { nullable: true })
  whenClosed?: WhenClosed | null;

  @Field(() => StoreFaqType, { nullable: true })
  faq?: StoreFaqType | null;

  @Field(() => Int, { nullable: true })
  staffTimeoutMinutes?: number | null;

  @Field(() => String, { nullable: true, description: 'Empty to stop WhatsApp staff alerts.' })
  staffAlertWhatsApp?: string | null;

  @Field(() => String, { nullable: true, description: 'Empty to stop webhook staff alerts.' })
  staffAlertWebhookUrl?: string | null;

  @Field(() => Int, { nullable: true })
  unacceptedAlertMinutes?: number | null;

  @Field(() => Int, { nullable: true })
  paymentReminderMinutes?: number | null;
}

@Resolver(() => Store)
export class StoreResolver {
  constructor(private readonly stores: StoreService) {}

  @Query(() => Store, { description: "The store of the API key making the request." })
  store(@CurrentAuth() auth: AuthContext): Promise<Store> {
    return this.stores.get(auth.storeId);
  }

  @Roles('owner')
  @Query(() => String, { nullable: true, description: 'The secret staff alert webhooks are signed with (owners only).' })
  async staffAlertWebhookSecret(@CurrentAuth() auth: AuthContext): Promise<string | null> {
    return (await this.stores.get(auth.storeId)).staffAlertWebhookSecret;
  }

  @Roles('owner')
  @Mutation(() => Store)
  renameStore(@CurrentAuth() auth: AuthContext, @Args('name') name: string): Promise<Store> {
    return this.stores.rename(auth.storeId, name);
  }

  @Roles('owner')
  @Mutation(() => Store)
  updateStoreSettings(@CurrentAuth() auth: AuthContext, @Args('input') input: StoreSettingsInput): Promise<Store> {
    return this.stores.updateSettings(auth.storeId, input);
  }
}
