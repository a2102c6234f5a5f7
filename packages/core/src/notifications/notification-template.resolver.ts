import { Args, Field, InputType, Mutation, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { type AuthContext, CurrentAuth, Roles } from '@parley/plugin-sdk';
import { EVENT_PLACEHOLDERS, NotificationEvent } from './notification-event';
import { NotificationTemplateService } from './notification-template.service';

@ObjectType('ApprovedWhatsAppTemplate', { description: "A template Meta approved for the store, sent instead outside WhatsApp's 24-hour window." })
class ApprovedWhatsAppTemplateType {
  @Field()
  name: string;

  @Field({ description: 'As Meta names it, e.g. es_ES.' })
  language: string;
}

@ObjectType('NotificationTemplate', { description: 'The text one notification is sent with in one language.' })
class NotificationTemplateType {
  @Field(() => NotificationEvent)
  event: NotificationEvent;

  @Field({ description: 'ISO 639-1: en, es, fr or nl.' })
  language: string;

  @Field()
  body: string;

  @Field({ description: "Whether the store wrote this text; if not, it is Parley's default." })
  overridden: boolean;

  @Field(() => ApprovedWhatsAppTemplateType, { nullable: true })
  approvedTemplate: ApprovedWhatsAppTemplateType | null;
}

@InputType()
class NotificationTemplateInput {
  @Field(() => NotificationEvent)
  event: NotificationEvent;

  @Field({ description: 'en, es, fr or nl.' })
  language: string;

  @Field({ description: 'At most 1024 characters; placeholders such as {orderNumber} among those of the event.' })
  body: string;

  @Field(() => String, { nullable: true, description: 'Goes with whatsappTemplateLanguage; both null: none.' })
  whatsappTemplateName?: string | null;

  @Field(() => String, { nullable: true, description: 'e.g. es_ES' })
  whatsappTemplateLanguage?: string | null;
}

@Resolver(() => NotificationTemplateType)
export class NotificationTemplateResolver {
  constructor(private readonly templates: NotificationTemplateService) {}

  @Roles('owner', 'staff')
  @Query(() => [NotificationTemplateType], { description: 'Every notification in every language, as it would be sent.' })
  notificationTemplates(@CurrentAuth() auth: AuthContext): Promise<NotificationTemplateType[]> {
    return this.templates.list(auth.storeId);
  }

  @Roles('owner')
  @Mutation(() => NotificationTemplateType)
  setNotificationTemplate(@CurrentAuth() auth: AuthContext, @Args('input') input: NotificationTemplateInput): Promise<NotificationTemplateType> {
    return this.templates.set(auth.storeId, input);
  }

  @Roles('owner')
  @Mutation(() => NotificationTemplateType, { description: "Back to Parley's default text." })
  resetNotificationTemplate(
    @CurrentAuth() auth: AuthContext,
    @Args('event', { type: () => NotificationEvent }) event: NotificationEvent,
    @Args('language') language: string,
  ): Promise<NotificationTemplateType> {
    return this.templates.reset(auth.storeId, event, language);
  }

  @ResolveField(() => [String], { description: 'The placeholders the body may use, without braces.' })
  placeholders(@Parent() template: NotificationTemplateType): readonly string[] {
    return EVENT_PLACEHOLDERS[template.event];
  }
}
