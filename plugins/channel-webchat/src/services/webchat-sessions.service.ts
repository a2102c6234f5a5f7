import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  BadUserInputError,
  ClusterEvents,
  ForbiddenError,
  InboundMessages,
  NotFoundError,
  PLUGIN_OPTIONS,
  Transactions,
  z,
} from '@parley/plugin-sdk';
import type { FastifyInstance } from 'fastify';
import type { MercuriusPlugin } from 'mercurius';
import { DataSource, LessThanOrEqual } from 'typeorm';
import { WebchatMessageRecord } from '../entities/webchat-message-record.entity';
import type { WebchatOptions } from '../webchat-options';
import { type Caller, originAllowed } from './origin-policy';
import { StoreDirectory } from './store-directory.service';
import { CHANNEL, visitorContent, visitorTopic, type WebchatAuthor, type WebchatContent, type WebchatMessageView } from './webchat-message';

/** Messages kept per visitor for the history; older ones are pruned as new ones arrive. */
export const KEPT_PER_VISITOR = 200;

const urlSafe = (what: string, min: number, max: number) =>
  z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${min},${max}}$`), `${what} must be ${min} to ${max} letters, digits, "-" or "_"`);

const visitor = z.object({
  store: z.string().min(1, 'store is required').max(64),
  visitorId: urlSafe('visitorId', 20, 64),
});

const sent = visitor
  .extend({
    clientMessageId: urlSafe('clientMessageId', 1, 64),
    text: z.string().trim().min(1, 'text must not be empty').max(4096, 'text must be at most 4096 characters').nullish(),
    replyId: z.string().min(1).max(200, 'replyId must be at most 200 characters').nullish(),
    replyTitle: z.string().max(200, 'replyTitle must be at most 200 characters').nullish(),
  })
  .refine((input) => (input.text == null) !== (input.replyId == null), 'Send either text or replyId');

export type VisitorInput = z.input<typeof visitor>;
export type SendInput = z.input<typeof sent>;

/**
 * Web chat visitors: what they send goes to the core like any channel's message, and what the store answers is kept
 * for their history and relayed to their open connections, whichever API process holds them.
 */
@Injectable()
export class WebchatSessionsService implements OnModuleInit {
  private readonly production = process.env.NODE_ENV === 'production';

  constructor(
    @Inject(PLUGIN_OPTIONS) private readonly options: WebchatOptions,
    private readonly inbound: InboundMessages,
    private readonly cluster: ClusterEvents,
    private readonly transactions: Transactions,
    private readonly dataSource: DataSource,
    private readonly stores: StoreDirectory,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  // Every process relays to its own subscribers; a worker has no GraphQL server and so none.
  onModuleInit(): void {
    this.cluster.on('webchat.message', ({ storeSlug, visitorId, message }) => {
      const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance & { graphql?: MercuriusPlugin }>();
      void fastify?.graphql?.pubsub.publish({ topic: visitorTopic(storeSlug, visitorId), payload: { webchatMessages: message } });
    });
  }

  /** Hands a visitor's message to the core once: a resend with the same clientMessageId changes nothing. */
  async receive(input: SendInput, caller: Caller): Promise<void> {
    const message = await this.check(sent, input, caller);
    const receivedAt = new Date();
    const content = message.replyId
      ? { type: 'reply' as const, id: message.replyId, title: message.replyTitle || message.replyId }
      : { type: 'text' as const, text: message.text! };
    await this.inbound.receive({
      channel: CHANNEL,
      storeSlug: message.store,
      // The core keeps it on the conversation and sends answers "from" it: that is how they find their store again.
      accountId: message.store,
      providerMessageId: `${message.store}:${message.visitorId}:${message.clientMessageId}`,
      from: { channelUserId: message.visitorId },
      receivedAt,
      content,
    });
    await this.keep(message.store, message.visitorId, 'visitor', message.clientMessageId, visitorContent(content), receivedAt);
  }

  /** The visitor's latest messages, oldest first. */
  async history(input: VisitorInput, last: number, caller: Caller): Promise<WebchatMessageView[]> {
    const { store, visitorId } = await this.check(visitor, input, caller);
    const records = await this.dataSource.getRepository(WebchatMessageRecord).find({
      where: { storeSlug: store, visitorId },
      order: { at: 'DESC', id: 'DESC' },
      take: Math.min(Math.max(last, 1), KEPT_PER_VISITOR),
    });
    return records.reverse().map(view);
  }

  /** The subscription topic of a visitor who may open the chat. */
  async topic(input: VisitorInput, caller: Caller): Promise<string> {
    const { store, visitorId } = await this.check(visitor, input, caller);
    return visitorTopic(store, visitorId);
  }

  /** Keeps an answer of the store and passes it on to the visitor's connections. Safe to repeat. */
  deliver(storeSlug: string, visitorId: string, messageId: string, content: WebchatContent): Promise<void> {
    return this.keep(storeSlug, visitorId, 'store', messageId, content, new Date());
  }

  private async keep(storeSlug: string, visitorId: string, author: WebchatAuthor, messageId: string, content: WebchatContent, at: Date): Promise<void> {
    const kept = await this.transactions.run(async ({ manager }) => {
      // A repeated send or resent message meets the unique index and is left as it was: first time and place.
      const key = { storeSlug, visitorId, author, messageId };
      await manager.createQueryBuilder().insert().into(WebchatMessageRecord).values({ ...key, content, at }).orIgnore().execute();
      const stored = await manager.findOneByOrFail(WebchatMessageRecord, key);
      const [oldest] = await manager.find(WebchatMessageRecord, {
        select: { id: true },
        where: { storeSlug, visitorId },
        order: { id: 'DESC' },
        skip: KEPT_PER_VISITOR,
        take: 1,
      });
      if (oldest) await manager.delete(WebchatMessageRecord, { storeSlug, visitorId, id: LessThanOrEqual(oldest.id) });
      return stored;
    });
    this.cluster.broadcast('webchat.message', { storeSlug, visitorId, message: view(kept) });
  }

  private async check<T extends { store: string; visitorId: string }>(schema: z.ZodType<T>, input: unknown, caller: Caller): Promise<T> {
    const parsed = schema.safeParse(input);
    if (!parsed.success) throw new BadUserInputError(parsed.error.issues.map((issue) => issue.message).join('; '));
    if (!originAllowed(caller, this.options.allowedOrigins, this.production)) {
      throw new ForbiddenError(`This store's web chat is not open to pages of ${caller.origin}`);
    }
    if ((await this.stores.nameOf(parsed.data.store)) === null) throw new NotFoundError('Store', parsed.data.store);
    return parsed.data;
  }
}

function view(record: WebchatMessageRecord): WebchatMessageView {
  return { ...record.content, id: record.messageId, author: record.author, at: record.at.toISOString() };
}
