import { Args, Query, Resolver } from '@nestjs/graphql';
import { Public } from '@parley/plugin-sdk';
import { TrackedOrder, TrackingService } from './tracking.service';

@Public()
@Resolver(() => TrackedOrder)
export class TrackingResolver {
  constructor(private readonly tracking: TrackingService) {}

  @Query(() => TrackedOrder, { description: 'Public: an order followed by its tracking code, as on /t/<code>.' })
  trackOrder(@Args('code') code: string): Promise<TrackedOrder> {
    return this.tracking.track(code);
  }
}
