import { Context, Int, Parent, ResolveField } from '@nestjs/graphql';
import { ExtendType, type ExtensibleTypes, perRequest } from '@parley/plugin-sdk';
import DataLoader from 'dataloader';
import { type LoyaltyCardView, LoyaltyService } from '../services/loyalty.service';

/** Adds the customer's card to the core's Contact type. */
@ExtendType('Contact')
export class ContactLoyaltyResolver {
  constructor(private readonly loyalty: LoyaltyService) {}

  @ResolveField(() => Int, { description: 'Stamps on the current loyalty card: one per paid order (example-loyalty plugin).' })
  async loyaltyStamps(@Parent() contact: ExtensibleTypes['Contact'], @Context('req') request: object): Promise<number> {
    return (await this.cards(request).load(contact.id)).stamps;
  }

  @ResolveField(() => Int, { description: 'Loyalty rewards earned so far (example-loyalty plugin).' })
  async loyaltyRewards(@Parent() contact: ExtensibleTypes['Contact'], @Context('req') request: object): Promise<number> {
    return (await this.cards(request).load(contact.id)).rewards;
  }

  /** The cards of every contact of the request in one query, shared by both fields: a page of contacts is one query. */
  private cards(request: object): DataLoader<string, LoyaltyCardView> {
    return perRequest(request, ContactLoyaltyResolver, () => new DataLoader<string, LoyaltyCardView>((contactIds) => this.loyalty.cardsOf(contactIds)));
  }
}
