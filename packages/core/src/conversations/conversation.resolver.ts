import { Args, Context, Field, ID, InputType, Mutation, ObjectType, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { type AuthContext, BadUserInputError, CurrentAuth, type OutboundContent, perRequest } from '@parley/plugin-sdk';
import type { PubSub } from 'mercurius';
import { type Connection, ConnectionOf, PageArgs } from '../graphql/pagination';
import { actorOf } from '../orders/order.resolver';
import { PaymentService } from '../payments/payment.service';
import DataLoader from 'dataloader';
import { Contact } from './contact.entity';
import { Conversation } from './conversation.entity';
import { conversationTopic } from './conversation-feed.service';
import { ConversationService } from './conversation.service';
import { ConversationStatus } from './conversation-status';
import { Message } from './message.entity';
import { MessageSenderService } from './message-sender.service';

const ConversationConnection = ConnectionOf(Conversation);
const MessageConnection = ConnectionOf(Message);

@InputType({ description: 'What staff send: text, a picture, or the payment link of an order. Give exactly one.' })
class StaffMessageInput {
  @Field(() => String, { nullable: true })
  text?: string | null;

  @Field(() => String, { nullable: true, description: 'An https URL of a picture.' })
  imageUrl?: string | null;

  @Field(() => String, { nullable: true, description: 'A caption for the picture.' })
  caption?: string | null;

  @Field(() => ID, { nullable: true, description: "Sends this order's payment link (a new one if none is open)." })
  paymentLinkForOrderId?: string | null;
}

@ObjectType()
class ConversationActivity {
  @Field(() => ID)
  conversationId: string;

  @Field(() => ID, { nullable: true })
  messageId: string | null;

  @Field({ description: 'message: a new message or a delivery status; conversation: its status or assignment changed.' })
  kind: string;

  @Field({ description: 'The message status or the conversation status.' })
  status: string;

  @Field()
  at: Date;
}

/** Staff inboxes: conversations with customers, their messages, and taking over from the assistant. */
@Resolver(() => Conversation)
export class ConversationResolver {
  constructor(
    private readonly conversationService: ConversationService,
    private readonly sender: MessageSenderService,
    private readonly payments: PaymentService,
  ) {}

  @Query(() => ConversationConnection, { description: 'Newest first.' })
  conversations(
    @CurrentAuth() auth: AuthContext,
    @Args() page: PageArgs,
    @Args('status', { type: () => ConversationStatus, nullable: true }) status?: ConversationStatus | null,
    @Args('unread', { type: () => Boolean, nullable: true, description: 'Only those with customer messages staff have not read.' }) unread?: boolean | null,
    @Args('assignedToMe', { type: () => Boolean, nullable: true }) assignedToMe?: boolean | null,
    @Args('channel', { type: () => String, nullable: true }) channel?: string | null,
  ): Promise<Connection<Conversation>> {
    return this.conversationService.list(auth.storeId, { status, unread, channel, assignedTo: assignedToMe ? auth.apiKeyId : null }, page);
  }

  @Query(() => Conversation)
  conversation(@CurrentAuth() auth: AuthContext, @Args('id', { type: () => ID }) id: string): Promise<Conversation> {
    return this.conversationService.get(auth.storeId, id);
  }

  @ResolveField(() => Contact)
  contact(@Parent() conversation: Conversation, @Context('req') request: object): Promise<Contact> {
    return perRequest(request, Contact, () => new DataLoader<string, Contact>((ids) => this.conversationService.contacts([...ids]))).load(conversation.contactId);
  }

  @ResolveField(() => MessageConnection, { description: 'Newest first.' })
  messages(@CurrentAuth() auth: AuthContext, @Parent() conversation: Conversation, @Args() page: PageArgs): Promise<Connection<Message>> {
    return this.conversationService.messages(auth.storeId, conversation.id, page);
  }

  @Mutation(() => Message, { description: 'Writes to the customer as staff; the assistant stays silent from then on until handed back.' })
  async sendMessage(
    @CurrentAuth() auth: AuthContext,
    @Args('conversationId', { type: () => ID }) conversationId: string,
    @Args('input') input: StaffMessageInput,
  ): Promise<Message> {
    const content = await this.contentOf(auth, input);
    const message = await this.conversationService.writeAsStaff(auth.storeId, conversationId, auth.apiKeyId, content);
    await this.sender.sendNow([message.id]);
    return message;
  }

  @Mutation(() => Conversation, { description: 'Staff answer from now on; the assistant stays silent.' })
  takeOverConversation(@CurrentAuth() auth: AuthContext, @Args('id', { type: () => ID }) id: string): Promise<Conversation> {
    return this.conversationService.takeOver(auth.storeId, id, auth.apiKeyId);
  }

  @Mutation(() => Conversation, { description: 'The assistant answers again.' })
  handBackConversation(@CurrentAuth() auth: AuthContext, @Args('id', { type: () => ID }) id: string): Promise<Conversation> {
    return this.conversationService.handBack(auth.storeId, id);
  }

  @Mutation(() => Conversation, { description: 'Assigns to a staff member (their API key id), or unassigns with null.' })
  assignConversation(
    @CurrentAuth() auth: AuthContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('staffId', { type: () => ID, nullable: true }) staffId?: string | null,
  ): Promise<Conversation> {
    return this.conversationService.assign(auth.storeId, id, staffId ?? null);
  }

  @Mutation(() => Conversation, { description: "Closes it; the customer's next message opens it again with the assistant." })
  closeConversation(@CurrentAuth() auth: AuthContext, @Args('id', { type: () => ID }) id: string): Promise<Conversation> {
    return this.conversationService.close(auth.storeId, id);
  }

  @Mutation(() => Conversation)
  markConversationRead(@CurrentAuth() auth: AuthContext, @Args('id', { type: () => ID }) id: string): Promise<Conversation> {
    return this.conversationService.markRead(auth.storeId, id);
  }

  @Subscription(() => ConversationActivity, {
    description: "New messages, delivery statuses and conversation changes of the key's store, as they commit: for staff inboxes.",
    resolve: (payload: { conversationActivity: ConversationActivity }) => payload.conversationActivity,
  })
  conversationActivity(@CurrentAuth() auth: AuthContext, @Context('pubsub') pubsub: PubSub) {
    return pubsub.subscribe(conversationTopic(auth.storeId));
  }

  private async contentOf(auth: AuthContext, input: StaffMessageInput): Promise<OutboundContent> {
    const given = [input.text, input.imageUrl, input.paymentLinkForOrderId].filter((value) => value != null && value !== '');
    if (given.length !== 1) throw new BadUserInputError('Give exactly one of text, imageUrl or paymentLinkForOrderId');
    if (input.imageUrl) {
      if (!/^https?:\/\/\S+$/.test(input.imageUrl)) throw new BadUserInputError('imageUrl must be an http(s) URL');
      return { type: 'image', url: input.imageUrl, caption: input.caption ?? undefined };
    }
    if (input.paymentLinkForOrderId) {
      const payment = await this.payments.createLink(auth.storeId, input.paymentLinkForOrderId, actorOf(auth), { customerToldElsewhere: true });
      return { type: 'payment_link', text: input.text ?? 'Pay here', url: payment.url };
    }
    return { type: 'text', text: input.text! };
  }
}
