import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { type AuthContext, type Connection, ConnectionOf, CurrentAuth, PageArgs, Roles } from '@parley/plugin-sdk';
import { WebhookDeliveryAttempt } from '../entities/webhook-delivery-attempt.entity';
import { WebhookEndpoint } from '../entities/webhook-endpoint.entity';
import { WebhookEndpointService } from '../services/webhook-endpoint.service';
import { CreateWebhookEndpointInput, UpdateWebhookEndpointInput, WebhookEndpointWithSecret } from './webhook-endpoint.types';

const WebhookDeliveryAttemptConnection = ConnectionOf(WebhookDeliveryAttempt);

/** Outgoing webhooks of the caller's store: for its owners only, as the secrets sign what the store says. */
@Roles('owner')
@Resolver(() => WebhookEndpoint)
export class WebhookEndpointResolver {
  constructor(private readonly endpoints: WebhookEndpointService) {}

  @Query(() => [WebhookEndpoint], { description: "The store's webhook endpoints, oldest first." })
  webhookEndpoints(@CurrentAuth() auth: AuthContext): Promise<WebhookEndpoint[]> {
    return this.endpoints.list(auth.storeId);
  }

  @Query(() => WebhookEndpoint)
  webhookEndpoint(@CurrentAuth() auth: AuthContext, @Args('id', { type: () => ID }) id: string): Promise<WebhookEndpoint> {
    return this.endpoints.get(auth.storeId, id);
  }

  @Query(() => WebhookDeliveryAttemptConnection, { description: "An endpoint's delivery log: every request sent to it, newest first." })
  webhookDeliveryLog(
    @CurrentAuth() auth: AuthContext,
    @Args('endpointId', { type: () => ID }) endpointId: string,
    @Args() page: PageArgs,
  ): Promise<Connection<WebhookDeliveryAttempt>> {
    return this.endpoints.deliveryLog(auth.storeId, endpointId, page);
  }

  @Mutation(() => WebhookEndpointWithSecret, { description: 'Registers an endpoint; its signing secret is in the answer, and only there.' })
  createWebhookEndpoint(@CurrentAuth() auth: AuthContext, @Args('input') input: CreateWebhookEndpointInput): Promise<WebhookEndpointWithSecret> {
    return this.endpoints.create(auth.storeId, input);
  }

  @Mutation(() => WebhookEndpoint)
  updateWebhookEndpoint(
    @CurrentAuth() auth: AuthContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateWebhookEndpointInput,
  ): Promise<WebhookEndpoint> {
    return this.endpoints.update(auth.storeId, id, input);
  }

  @Mutation(() => WebhookEndpoint, { description: 'Enables an endpoint again, with its count of failed deliveries back at 0.' })
  enableWebhookEndpoint(@CurrentAuth() auth: AuthContext, @Args('id', { type: () => ID }) id: string): Promise<WebhookEndpoint> {
    return this.endpoints.setEnabled(auth.storeId, id, true);
  }

  @Mutation(() => WebhookEndpoint, { description: 'Stops sending to an endpoint; its pending deliveries fail.' })
  disableWebhookEndpoint(@CurrentAuth() auth: AuthContext, @Args('id', { type: () => ID }) id: string): Promise<WebhookEndpoint> {
    return this.endpoints.setEnabled(auth.storeId, id, false);
  }

  @Mutation(() => Boolean, { description: 'Deletes an endpoint with its pending deliveries and its log.' })
  deleteWebhookEndpoint(@CurrentAuth() auth: AuthContext, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.endpoints.delete(auth.storeId, id);
  }

  @Mutation(() => WebhookEndpointWithSecret, { description: 'Replaces the signing secret at once; the new one is in the answer, and only there.' })
  rotateWebhookEndpointSecret(@CurrentAuth() auth: AuthContext, @Args('id', { type: () => ID }) id: string): Promise<WebhookEndpointWithSecret> {
    return this.endpoints.rotateSecret(auth.storeId, id);
  }

  @Mutation(() => WebhookDeliveryAttempt, { description: 'Sends a webhook.test event to the endpoint now and answers how it went.' })
  sendTestWebhook(@CurrentAuth() auth: AuthContext, @Args('endpointId', { type: () => ID }) endpointId: string): Promise<WebhookDeliveryAttempt> {
    return this.endpoints.sendTest(auth.storeId, endpointId);
  }
}
