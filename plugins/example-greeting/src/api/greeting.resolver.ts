import { Query, Resolver } from '@nestjs/graphql';
import { type AuthContext, CurrentAuth } from '@parley/plugin-sdk';
import { GreetingService } from '../services/greeting.service';

@Resolver()
export class GreetingResolver {
  constructor(private readonly greetings: GreetingService) {}

  @Query(() => String, { description: 'A greeting for the calling store (from the example-greeting plugin).' })
  greeting(@CurrentAuth() auth: AuthContext): Promise<string> {
    return this.greetings.greetingFor(auth.storeId);
  }
}
