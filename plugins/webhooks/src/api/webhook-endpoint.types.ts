import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { WebhookEndpoint } from '../entities/webhook-endpoint.entity';

@InputType()
export class CreateWebhookEndpointInput {
  @Field({ description: 'Where events are POSTed: https:// on a public host.' })
  url: string;

  @Field(() => [String], { nullable: true, description: 'The event types to receive, e.g. ["order.placed"]; none: every event.' })
  eventTypes?: string[] | null;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@InputType()
export class UpdateWebhookEndpointInput {
  @Field(() => String, { nullable: true })
  url?: string | null;

  @Field(() => [String], { nullable: true, description: 'The event types to receive; an empty list: every event.' })
  eventTypes?: string[] | null;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@ObjectType()
export class WebhookEndpointWithSecret {
  @Field(() => WebhookEndpoint)
  endpoint: WebhookEndpoint;

  @Field({ description: 'The signing secret. It is shown only this once: store it now.' })
  secret: string;
}
