import { Int, Parent, ResolveField } from '@nestjs/graphql';
import { ExtendType, type ExtensibleTypes } from '@parley/plugin-sdk';
import { LoyaltyService } from '../services/loyalty.service';

/** Adds the customer's card to the core's Contact type. */
@ExtendType('Contact')
export class ContactLoyaltyResolver {
  constructor(private readonly loyalty: LoyaltyService) {}

  @ResolveField(() => Int, { description: 'Stamps on the current loyalty card: one per paid order (example-loyalty plugin).' })
  async loyaltyStamps(@Parent() contact: ExtensibleTypes['Contact']): Promise<number> {
    return (await this.loyalty.cardOf(contact.id)).stamps;
  }

  @ResolveField(() => Int, { description: 'Loyalty rewards earned so far (example-loyalty plugin).' })
  async loyaltyRewards(@Parent() contact: ExtensibleTypes['Contact']): Promise<number> {
    return (await this.loyalty.cardOf(contact.id)).rewards;
  }
}
