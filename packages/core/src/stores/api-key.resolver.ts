import { Args, Field, ID, InputType, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { type AuthContext, CurrentAuth, Roles } from '@parley/plugin-sdk';
import { ConnectionOf, PageArgs, type Connection } from '../graphql/pagination';
import { ApiKey, ApiKeyRoleEnum } from './api-key.entity';
import { ApiKeyService } from './api-key.service';

@InputType()
class CreateApiKeyInput {
  @Field()
  name: string;

  @Field(() => ApiKeyRoleEnum)
  role: ApiKeyRoleEnum;
}

@ObjectType()
class CreatedApiKey {
  @Field(() => ApiKey)
  apiKey: ApiKey;

  @Field({ description: 'The key itself. It is shown only this once: store it now.' })
  secret: string;
}

const ApiKeyConnection = ConnectionOf(ApiKey);

@Roles('owner')
@Resolver(() => ApiKey)
export class ApiKeyResolver {
  constructor(private readonly keys: ApiKeyService) {}

  @Query(() => ApiKeyConnection, { description: "The store's API keys, newest first." })
  apiKeys(@CurrentAuth() auth: AuthContext, @Args() page: PageArgs): Promise<Connection<ApiKey>> {
    return this.keys.list(auth.storeId, page);
  }

  @Mutation(() => CreatedApiKey)
  createApiKey(@CurrentAuth() auth: AuthContext, @Args('input') input: CreateApiKeyInput): Promise<CreatedApiKey> {
    return this.keys.create(auth.storeId, input);
  }

  @Mutation(() => ApiKey, { description: 'Revokes a key at once; requests with it are refused from then on.' })
  revokeApiKey(@CurrentAuth() auth: AuthContext, @Args('id', { type: () => ID }) id: string): Promise<ApiKey> {
    return this.keys.revoke(auth.storeId, id);
  }
}
