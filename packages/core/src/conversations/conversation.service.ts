import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { BadUserInputError, type DeliveryStatusUpdate, NotFoundError, type OutboundContent } from '@parley/plugin-sdk';
import { DataSource, type EntityManager, In, IsNull } from 'typeorm';
import { ReceivedMessage } from '../channels/received-message.entity';
import { isId } from '../database/ids';
import { isUniqueViolation } from '../database/unique-violation';
import { type Transaction, UnitOfWork } from '../database/unit-of-work';
import { FrequentInsert, FrequentQuery } from '../database/frequent-query';
import { valueById, valuesById } from '../database/value-by-id';
import { EventBusService } from '../events/event-bus.service';
import { type Connection, type PageArgs, paginate } from '../graphql/pagination';
import { Order } from '../orders/order.entity';
import type { AssistantState } from './assistant/assistant-state';
import { Contact } from './contact.entity';
import { ContactIdentity } from './contact-identity.entity';
import { Conversation } from './conversation.entity';
import { CUSTOMER_CHAT_COLUMNS, type CustomerChat, customerChatOfRow, joinCustomerChat } from './customer-chat';
import { ConversationStatus } from './conversation-status';
import { Message, MessageAuthor, MessageStatus } from './message.entity';
import { messageText } from './message-text';

export type ConsentScope = 'marketing' | 'all';

export interface ConversationFilter {
  status?: ConversationStatus | null;
  unread?: boolean | null;
  assignedTo?: string | null;
  channel?: string | null;
}

/** What a turn of the assistant changes besides the cart: its answers, where the dialog stands, the contact. */
export interface TurnOutcome {
  replies: OutboundContent[];
  state: AssistantState;
  handOff: boolean;
  language?: string;
  optedIn?: boolean;
}

// Statuses only move forward; "failed" may replace only what came before delivery (a provider can't un-deliver).
const LATER_THAN: Record<string, MessageStatus[]> = {
  sent: [MessageStatus.pending],
  delivered: [MessageStatus.pending, MessageStatus.sent, MessageStatus.failed],
  read: [MessageStatus.pending, MessageStatus.sent, MessageStatus.delivered, MessageStatus.failed],
  failed: [MessageStatus.pending, MessageStatus.sent],
};

/**
 * Contacts, conversations and their messages: storing what customers write and what is answered, delivery
 * statuses, consent, and what staff do (take over, hand back, assign, close, write).
 */
@Injectable()
export class ConversationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventBusService,
  ) {}

  // Every message is written here, and every message the platform sends is marked sent: TypeORM writes their SQL once
  // per batch size.
  private readonly messagesInsert = new FrequentInsert(this.dataSource, Message);
  private readonly lastMessageAtUpdate = new FrequentQuery((size: number) =>
    this.dataSource
      .createQueryBuilder()
      .update(Conversation)
      .set({ lastMessageAt: () => valueById(this.dataSource, Conversation, 'lastMessageAt', size), updatedAt: () => ':updatedAt' })
      .where('id IN (:...ids)'),
  );
  private readonly sentUpdate = new FrequentQuery((size: number) => {
    const update = this.dataSource
      .createQueryBuilder()
      .update(Message)
      .set({ status: () => ':status', statusAt: () => ':at', providerMessageId: () => valueById(this.dataSource, Message, 'providerMessageId', size) })
      .where('id IN (:...ids)')
      .andWhere('status IN (:...earlier)');
    return this.dataSource.options.type === 'postgres' ? update.returning(['id']) : update;
  });

  // ---- the customer's side

  /** The conversation a received message belongs to, with its contact; both are created on the first message. */
  async open(received: ReceivedMessage): Promise<Conversation> {
    const key = { storeId: received.storeId, channel: received.channel, channelUserId: received.channelUserId };
    const existing = await this.dataSource.getRepository(Conversation).findOneBy(key);
    if (existing) return existing;
    try {
      return await this.unitOfWork.run(async (tx) => {
        const { from } = received.message;
        const contact = await this.contactFor(tx, key, from.name ?? null);
        return tx.manager.save(
          tx.manager.create(Conversation, {
            ...key,
            contactId: contact.id,
            accountId: received.message.accountId ?? null,
            status: ConversationStatus.assistant,
            unreadCount: 0,
            assistantState: null,
          }),
        );
      });
    } catch (error) {
      // Two processors met the same new customer at once: the other one created it.
      if (!isUniqueViolation(error)) throw error;
      return this.dataSource.getRepository(Conversation).findOneByOrFail(key);
    }
  }

  /** The contact behind a channel identity, created with it when new. */
  private async contactFor(tx: Transaction, key: { storeId: string; channel: string; channelUserId: string }, name: string | null): Promise<Contact> {
    const identity = await tx.manager.findOneBy(ContactIdentity, key);
    if (identity) return tx.manager.findOneByOrFail(Contact, { id: identity.contactId });
    const contact = await tx.manager.save(tx.manager.create(Contact, { storeId: key.storeId, name, language: null, optedOut: false }));
    await tx.manager.save(tx.manager.create(ContactIdentity, { ...key, contactId: contact.id, lastCustomerMessageAt: null }));
    tx.publish('contact.created', { storeId: key.storeId, contactId: contact.id, channel: key.channel, name });
    return contact;
  }

  /** Contacts by id, in the order asked (for DataLoaders). */
  async contacts(ids: string[]): Promise<Contact[]> {
    const found = await this.dataSource.getRepository(Contact).findBy({ id: In(ids) });
    return ids.map((id) => found.find((contact) => contact.id === id)!);
  }

  /**
   * Takes the conversation for one processor for `ms`. Returns false while another holds it; a holder that crashed
   * loses it when the time runs out.
   */
  async acquire(conversationId: string, owner: string, ms: number): Promise<boolean> {
    const now = new Date();
    // One conditional UPDATE, atomic by itself: no transaction around it.
    const result = await this.unitOfWork.statement((manager) =>
      manager
        .createQueryBuilder()
        .update(Conversation)
        .set({ leaseOwner: owner, leaseUntil: new Date(now.getTime() + ms) })
        .where('id = :id', { id: conversationId })
        .andWhere('("leaseUntil" IS NULL OR "leaseUntil" < :now OR "leaseOwner" = :owner)', { now, owner })
        .execute(),
    );
    return (result.affected ?? 0) > 0;
  }

  async release(conversationId: string, owner: string): Promise<void> {
    await this.unitOfWork.statement((manager) => manager.update(Conversation, { id: conversationId, leaseOwner: owner }, { leaseOwner: null, leaseUntil: null }));
  }

  /** The conversation's next message to handle: in the provider's order where it has one, else as received. */
  nextReceived(conversation: Conversation): Promise<ReceivedMessage | null> {
    return this.dataSource.getRepository(ReceivedMessage).findOne({
      where: { storeId: conversation.storeId, channel: conversation.channel, channelUserId: conversation.channelUserId, processedAt: IsNull() },
      // The provider's order first, where it numbers its messages (one channel per conversation: all or none are).
      order: { sequence: 'ASC', id: 'ASC' },
    });
  }

  /**
   * Stores a received message in its conversation (once, however often it is handled) and counts it unread for staff.
   * Returns the stored message and the conversation and contact as they are now.
   */
  async recordInbound(conversationId: string, received: ReceivedMessage, mediaKey: string | null) {
    return this.unitOfWork.run(async (tx) => {
      const conversation = await tx.manager.findOneByOrFail(Conversation, { id: conversationId });
      const contact = await tx.manager.findOneByOrFail(Contact, { id: conversation.contactId });
      let message = await tx.manager.findOneBy(Message, { receivedMessageId: received.id });
      if (!message) {
        const { content } = received.message;
        message = await tx.manager.save(
          tx.manager.create(Message, {
            storeId: conversation.storeId,
            conversationId,
            author: MessageAuthor.customer,
            authorId: null,
            content,
            text: messageText(content),
            mediaKey,
            receivedMessageId: received.id,
            providerMessageId: received.providerMessageId,
            status: MessageStatus.received,
            statusAt: received.receivedAt,
            error: null,
          }),
        );
        if (conversation.status === ConversationStatus.closed) conversation.status = ConversationStatus.assistant;
        if (conversation.status !== ConversationStatus.assistant) conversation.unreadCount += 1;
        conversation.lastMessageAt = received.receivedAt;
        conversation.accountId = received.message.accountId ?? conversation.accountId;
        // An UPDATE of what changed: save() would read the row again first.
        const { status, unreadCount, lastMessageAt, accountId } = conversation;
        await tx.manager.update(Conversation, { id: conversationId }, { status, unreadCount, lastMessageAt, accountId });
        await tx.manager.update(
          ContactIdentity,
          { storeId: conversation.storeId, channel: conversation.channel, channelUserId: conversation.channelUserId },
          { lastCustomerMessageAt: received.receivedAt },
        );
        if (!contact.name && received.message.from.name) await tx.manager.update(Contact, { id: contact.id }, { name: received.message.from.name });
        this.announce(tx, message);
      }
      return { message, conversation, contact };
    });
  }

  /** Ends the handling of a received message: the answers to send, the dialog's state, and the message done. */
  async completeTurn(conversationId: string, received: ReceivedMessage, outcome: TurnOutcome): Promise<Message[]> {
    return this.unitOfWork.run(async (tx) => {
      const conversation = await tx.manager.findOneByOrFail(Conversation, { id: conversationId });
      const replies = await this.append(tx, MessageAuthor.assistant, null, outcome.replies.map((content) => ({ conversation, content })));
      conversation.assistantState = outcome.state;
      if (outcome.handOff && conversation.status === ConversationStatus.assistant) {
        this.changeStatus(tx, conversation, ConversationStatus.waiting_for_staff);
        conversation.staffSince = new Date();
      }
      const { assistantState, status, staffSince, lastMessageAt } = conversation;
      await tx.manager.update(Conversation, { id: conversationId }, { assistantState, status, staffSince, lastMessageAt });
      if (outcome.language) await tx.manager.update(Contact, { id: conversation.contactId }, { language: outcome.language });
      if (outcome.optedIn !== undefined) {
        await this.setConsent(tx, conversation.contactId, 'all', outcome.optedIn, received.receivedAt, `keyword ${outcome.optedIn ? 'START' : 'STOP'}`);
      }
      await tx.manager.update(ReceivedMessage, { id: received.id }, { processedAt: new Date() });
      return replies;
    });
  }

  /** Staff's wait is over: the assistant answers this conversation again. */
  async resumeAssistant(conversationId: string): Promise<void> {
    await this.unitOfWork.run(async (tx) => {
      const conversation = await tx.manager.findOneByOrFail(Conversation, { id: conversationId });
      this.changeStatus(tx, conversation, ConversationStatus.assistant);
      conversation.staffSince = null;
      await tx.manager.save(conversation);
    });
  }

  /** Writes messages, pending until sent, in one statement; each conversation's last message is its newest. */
  private async append(tx: Transaction, author: MessageAuthor, authorId: string | null, writes: { conversation: Conversation; content: OutboundContent }[]): Promise<Message[]> {
    if (writes.length === 0) return [];
    // One millisecond apart, so the history sorts them in the order they were said.
    const start = Date.now();
    const messages = writes.map(({ conversation, content }, index) =>
      tx.manager.create(Message, {
        id: randomUUID(),
        storeId: conversation.storeId,
        conversationId: conversation.id,
        author,
        authorId,
        content,
        text: messageText(content),
        mediaKey: null,
        receivedMessageId: null,
        providerMessageId: null,
        status: MessageStatus.pending,
        statusAt: null,
        error: null,
        createdAt: new Date(start + index),
      }),
    );
    await this.messagesInsert.insert(tx.manager, messages);
    writes.forEach(({ conversation }, index) => (conversation.lastMessageAt = messages[index].createdAt));
    for (const message of messages) this.announce(tx, message);
    return messages;
  }

  /** The chat the order was placed in, with its contact and the contact's identity there; null for an order placed elsewhere. */
  async chatOfOrder(storeId: string, orderId: string): Promise<CustomerChat | null> {
    if (!isId(orderId)) return null;
    const order = await joinCustomerChat(this.dataSource.getRepository(Order).createQueryBuilder('order'), 'order')
      .select(['order.id', ...CUSTOMER_CHAT_COLUMNS])
      .where('order.id = :orderId AND order.storeId = :storeId', { orderId, storeId })
      .getRawOne<Record<string, unknown>>();
    return order ? customerChatOfRow(this.dataSource, order) : null;
  }

  /**
   * Messages the platform itself sends (order updates), pending until sent, written in the caller's transaction so
   * that what goes with them is committed with them: one statement for the messages, one for their conversations.
   */
  async writeAsSystem(tx: Transaction, writes: { conversation: Conversation; content: OutboundContent }[]): Promise<Message[]> {
    const messages = await this.append(tx, MessageAuthor.system, null, writes);
    const conversations = [...new Map(writes.map(({ conversation }) => [conversation.id, conversation])).values()];
    await this.lastMessageAtUpdate.run(
      tx.manager,
      {
        ...valuesById('lastMessageAt', conversations.map((conversation) => [conversation.id, conversation.lastMessageAt])),
        updatedAt: new Date(),
        ids: conversations.map((conversation) => conversation.id),
      },
      conversations.length,
    );
    return messages;
  }

  message(messageId: string): Promise<Message | null> {
    return this.dataSource.getRepository(Message).findOneBy({ id: messageId });
  }

  // ---- delivery

  /** Pending messages in the order they were written, with the conversation each goes to. */
  async outgoing(messageIds: string[]): Promise<{ message: Message; conversation: Conversation; contact: Contact }[]> {
    if (messageIds.length === 0) return [];
    const messages = await this.dataSource.getRepository(Message).find({ where: { id: In(messageIds) }, order: { createdAt: 'ASC' } });
    const conversations = await this.dataSource.getRepository(Conversation).findBy({ id: In([...new Set(messages.map((m) => m.conversationId))]) });
    const contacts = await this.dataSource.getRepository(Contact).findBy({ id: In(conversations.map((c) => c.contactId)) });
    return messages.map((message) => {
      const conversation = conversations.find((candidate) => candidate.id === message.conversationId)!;
      return { message, conversation, contact: contacts.find((candidate) => candidate.id === conversation.contactId)! };
    });
  }

  /**
   * Our messages were accepted by the provider: one conditional UPDATE for them all (only a pending message becomes
   * sent, so a delivery status that came first is kept), then the change announced for the ones it changed.
   */
  async markSent(sends: { message: Message; providerMessageId: string }[], at: Date): Promise<void> {
    const ids = sends.map(({ message }) => message.id);
    const parameters = {
      ...valuesById('providerMessageId', sends.map(({ message, providerMessageId }) => [message.id, providerMessageId])),
      status: MessageStatus.sent,
      at,
      ids,
      earlier: LATER_THAN.sent,
    };
    const changed = await this.unitOfWork.statement(async (manager) => {
      if (manager.connection.options.type === 'postgres') return (await this.sentUpdate.rows(manager, parameters, sends.length)).map((row) => row.id as string);
      // SQLite has no RETURNING here; its one connection is this statement's alone (UnitOfWork), so the messages
      // pending now are the ones the update changes.
      const pending = await manager.find(Message, { select: { id: true }, where: { id: In(ids), status: In(LATER_THAN.sent) } });
      await this.sentUpdate.run(manager, parameters, sends.length);
      return pending.map((message) => message.id);
    });
    for (const { message } of sends.filter(({ message }) => changed.includes(message.id))) {
      await this.events.publish('conversation.message', {
        storeId: message.storeId,
        conversationId: message.conversationId,
        messageId: message.id,
        author: message.author,
        status: MessageStatus.sent,
      });
    }
  }

  /** Records what the provider said of one of our messages; a status never moves a message backwards. */
  async applyDeliveryStatus(update: DeliveryStatusUpdate & { storeId?: string }): Promise<void> {
    await this.unitOfWork.run(async (tx) => {
      const message =
        (update.messageId && isId(update.messageId) ? await tx.manager.findOneBy(Message, { id: update.messageId }) : null) ??
        (await tx.manager.findOneBy(Message, { providerMessageId: update.providerMessageId, author: In([MessageAuthor.assistant, MessageAuthor.staff, MessageAuthor.system]) }));
      if (!message) return;
      const error = update.error ? `${update.error.code}: ${update.error.reason}`.slice(0, 500) : null;
      const result = await tx.manager
        .createQueryBuilder()
        .update(Message)
        .set({
          status: update.status as MessageStatus,
          statusAt: update.at,
          ...(update.providerMessageId ? { providerMessageId: update.providerMessageId } : {}),
          ...(error ? { error } : {}),
        })
        .where('id = :id', { id: message.id })
        .andWhere('status IN (:...earlier)', { earlier: LATER_THAN[update.status] })
        .execute();
      if (result.affected) this.announce(tx, { ...message, status: update.status as MessageStatus } as Message);
    });
  }

  async changeConsent(key: { storeId: string; channel: string; channelUserId: string }, scope: ConsentScope, optedIn: boolean, at: Date, via: string): Promise<void> {
    await this.unitOfWork.run(async (tx) => {
      const contact = await this.contactFor(tx, key, null);
      await this.setConsent(tx, contact.id, scope, optedIn, at, via);
    });
  }

  // Consent changes may arrive out of order too: an older one never overrides a newer one.
  private async setConsent(tx: Transaction, contactId: string, scope: ConsentScope, optedIn: boolean, at: Date, via: string): Promise<void> {
    const contact = await tx.manager.findOneByOrFail(Contact, { id: contactId });
    if (contact.consentChangedAt && contact.consentChangedAt.getTime() > at.getTime()) return;
    const field = scope === 'all' ? 'optedOut' : 'marketingOptedOut';
    await tx.manager.update(Contact, { id: contactId }, { [field]: !optedIn, consentChangedAt: at, consentChangedVia: via });
    if (contact[field] === optedIn) tx.publish('contact.consent_changed', { storeId: contact.storeId, contactId, scope, optedIn, via });
  }

  // ---- staff

  list(storeId: string, filter: ConversationFilter, page: PageArgs): Promise<Connection<Conversation>> {
    const query = this.dataSource.getRepository(Conversation).createQueryBuilder('conversation').where('conversation.storeId = :storeId', { storeId });
    if (filter.status) query.andWhere('conversation.status = :status', { status: filter.status });
    if (filter.unread) query.andWhere('conversation.unreadCount > 0');
    if (filter.assignedTo) query.andWhere('conversation.assignedTo = :assignedTo', { assignedTo: filter.assignedTo });
    if (filter.channel) query.andWhere('conversation.channel = :channel', { channel: filter.channel });
    return paginate(query, page);
  }

  async get(storeId: string, conversationId: string): Promise<Conversation> {
    return this.owned(this.dataSource.manager, storeId, conversationId);
  }

  messages(storeId: string, conversationId: string, page: PageArgs): Promise<Connection<Message>> {
    const query = this.dataSource
      .getRepository(Message)
      .createQueryBuilder('message')
      .where('message.storeId = :storeId AND message.conversationId = :conversationId', { storeId, conversationId });
    return paginate(query, page);
  }

  /** Staff write in the conversation; the message is sent by the caller after this commits. */
  async writeAsStaff(storeId: string, conversationId: string, staffId: string, content: OutboundContent): Promise<Message> {
    if (content.type === 'text' && !content.text.trim()) throw new BadUserInputError('The message is empty');
    return this.unitOfWork.run(async (tx) => {
      const conversation = await this.owned(tx.manager, storeId, conversationId);
      // Writing is taking over: the assistant must not answer across staff.
      if (conversation.status !== ConversationStatus.with_staff) this.changeStatus(tx, conversation, ConversationStatus.with_staff);
      conversation.assignedTo ??= staffId;
      conversation.staffSince = new Date();
      conversation.unreadCount = 0;
      const [message] = await this.append(tx, MessageAuthor.staff, staffId, [{ conversation, content }]);
      await tx.manager.save(conversation);
      return message;
    });
  }

  takeOver(storeId: string, conversationId: string, staffId: string): Promise<Conversation> {
    return this.staffChange(storeId, conversationId, (tx, conversation) => {
      this.changeStatus(tx, conversation, ConversationStatus.with_staff);
      conversation.assignedTo = staffId;
      conversation.staffSince = new Date();
    });
  }

  handBack(storeId: string, conversationId: string): Promise<Conversation> {
    return this.staffChange(storeId, conversationId, (tx, conversation) => {
      this.changeStatus(tx, conversation, ConversationStatus.assistant);
      conversation.staffSince = null;
      conversation.unreadCount = 0;
    });
  }

  assign(storeId: string, conversationId: string, staffId: string | null): Promise<Conversation> {
    return this.staffChange(storeId, conversationId, (tx, conversation) => {
      conversation.assignedTo = staffId;
      this.changeStatus(tx, conversation, conversation.status);
    });
  }

  close(storeId: string, conversationId: string): Promise<Conversation> {
    return this.staffChange(storeId, conversationId, (tx, conversation) => {
      this.changeStatus(tx, conversation, ConversationStatus.closed);
      conversation.staffSince = null;
      conversation.unreadCount = 0;
      // The next message starts afresh with the assistant; the cart is kept for the customer.
      conversation.assistantState = conversation.assistantState ? { ...conversation.assistantState, step: 'idle', pending: [], offered: [] } : null;
    });
  }

  markRead(storeId: string, conversationId: string): Promise<Conversation> {
    return this.staffChange(storeId, conversationId, (_tx, conversation) => {
      conversation.unreadCount = 0;
    });
  }

  private staffChange(storeId: string, conversationId: string, change: (tx: Transaction, conversation: Conversation) => void): Promise<Conversation> {
    return this.unitOfWork.run(async (tx) => {
      const conversation = await this.owned(tx.manager, storeId, conversationId);
      change(tx, conversation);
      return tx.manager.save(conversation);
    });
  }

  private changeStatus(tx: Transaction, conversation: Conversation, status: ConversationStatus): void {
    conversation.status = status;
    tx.publish('conversation.changed', { storeId: conversation.storeId, conversationId: conversation.id, status, assignedTo: conversation.assignedTo });
  }

  private announce(tx: Transaction, message: Message): void {
    tx.publish('conversation.message', {
      storeId: message.storeId,
      conversationId: message.conversationId,
      messageId: message.id,
      author: message.author,
      status: message.status,
    });
  }

  private async owned(manager: EntityManager, storeId: string, conversationId: string): Promise<Conversation> {
    const conversation = isId(conversationId) ? await manager.findOneBy(Conversation, { id: conversationId, storeId }) : null;
    if (!conversation) throw new NotFoundError('Conversation', conversationId);
    return conversation;
  }
}
