import { Args, Context, Int, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { Public } from '@parley/plugin-sdk';
import type { FastifyRequest } from 'fastify';
import type { PubSub } from 'mercurius';
import type { Caller } from '../services/origin-policy';
import type { WebchatMessageView } from '../services/webchat-message';
import { KEPT_PER_VISITOR, WebchatSessionsService } from '../services/webchat-sessions.service';
import { toWebchatMessage, WebchatMessage } from './webchat-message.type';

interface GraphQLContext {
  /** The WebSocket's handshake, on operations over a WebSocket. */
  request?: FastifyRequest;
  /** The HTTP request; over a WebSocket, the core's stand-in carrying only the key. */
  req?: FastifyRequest;
  pubsub: PubSub;
}

function callerOf(context: GraphQLContext): Caller {
  const request = context.request ?? context.req;
  const origin = request?.headers?.origin;
  return { origin: typeof origin === 'string' ? origin : undefined, host: request?.host };
}

/** The web chat's API: public, since visitors have no key; a random visitorId, kept by their browser, is theirs. */
@Public()
@Resolver(() => WebchatMessage)
export class WebchatResolver {
  constructor(private readonly sessions: WebchatSessionsService) {}

  @Mutation(() => Boolean, {
    description:
      "A web chat visitor's message to a store: a text, or the id of a choice offered. True once received; resending the same clientMessageId (after a reconnect) is received once.",
  })
  async webchatSend(
    @Context() context: GraphQLContext,
    @Args('store', { description: 'The store slug.' }) store: string,
    @Args('visitorId', { description: '20 to 64 letters, digits, "-" or "_": random per browser, kept by it.' }) visitorId: string,
    @Args('clientMessageId', { description: "The widget's own id of this message, the same on every resend." }) clientMessageId: string,
    @Args('text', { type: () => String, nullable: true }) text?: string | null,
    @Args('replyId', { type: () => String, nullable: true }) replyId?: string | null,
    @Args('replyTitle', { type: () => String, nullable: true }) replyTitle?: string | null,
  ): Promise<boolean> {
    await this.sessions.receive({ store, visitorId, clientMessageId, text, replyId, replyTitle }, callerOf(context));
    return true;
  }

  @Query(() => [WebchatMessage], { description: "A web chat visitor's latest messages and the store's answers, oldest first." })
  async webchatHistory(
    @Context() context: GraphQLContext,
    @Args('store') store: string,
    @Args('visitorId') visitorId: string,
    @Args('last', { type: () => Int, defaultValue: 50, description: `At most ${KEPT_PER_VISITOR}.` }) last: number,
  ): Promise<WebchatMessage[]> {
    return (await this.sessions.history({ store, visitorId }, last, callerOf(context))).map(toWebchatMessage);
  }

  @Subscription(() => WebchatMessage, {
    description: "Every new message of a web chat visitor's conversation: the store's answers and the visitor's own, from any tab.",
    resolve: (payload: { webchatMessages: WebchatMessageView }) => toWebchatMessage(payload.webchatMessages),
  })
  async webchatMessages(@Context() context: GraphQLContext, @Args('store') store: string, @Args('visitorId') visitorId: string) {
    return context.pubsub.subscribe(await this.sessions.topic({ store, visitorId }, callerOf(context)));
  }
}
