import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { entityOfRow } from '../database/frequent-query';
import { Contact } from './contact.entity';
import { ContactIdentity } from './contact-identity.entity';
import { Conversation } from './conversation.entity';

/** The chat an order was placed in: the conversation, its contact, and the contact's identity on that channel. */
export interface CustomerChat {
  conversation: Conversation;
  contact: Contact;
  identity: ContactIdentity;
}

/** What of a joined chat its users read (a conversation's assistant state, say, is not for them). */
export const CUSTOMER_CHAT_COLUMNS = [
  ...['id', 'storeId', 'contactId', 'channel', 'channelUserId', 'accountId', 'lastMessageAt'].map((column) => `chat.${column}`),
  ...['id', 'language', 'optedOut'].map((column) => `chat_contact.${column}`),
  ...['id', 'storeId', 'channel', 'channelUserId', 'lastCustomerMessageAt'].map((column) => `chat_identity.${column}`),
];

/**
 * Joins the chat of the order `order` (an alias of the query), with its contact and identity: orders placed in a
 * conversation carry `<channel>:<channel user id>` as their customer reference. Left joins: an order placed elsewhere
 * has none. The query selects CUSTOMER_CHAT_COLUMNS of it, and `customerChatOfRow` reads it from a raw row.
 */
export function joinCustomerChat<T extends object>(query: SelectQueryBuilder<T>, order: string): SelectQueryBuilder<T> {
  return query
    .leftJoin(
      Conversation,
      'chat',
      `chat.storeId = ${order}.storeId AND chat.channel = ${order}.channel ` +
        `AND SUBSTR(${order}.customerRef, 1, LENGTH(${order}.channel) + 1) = ${order}.channel || ':' ` +
        `AND chat.channelUserId = SUBSTR(${order}.customerRef, LENGTH(${order}.channel) + 2)`,
    )
    .leftJoin(Contact, 'chat_contact', 'chat_contact.id = chat.contactId')
    .leftJoin(
      ContactIdentity,
      'chat_identity',
      'chat_identity.storeId = chat.storeId AND chat_identity.channel = chat.channel AND chat_identity.channelUserId = chat.channelUserId',
    );
}

/** The chat `joinCustomerChat` found, from a raw row of the query, or null. */
export function customerChatOfRow(dataSource: DataSource, row: Record<string, unknown>): CustomerChat | null {
  const conversation = entityOfRow(dataSource, Conversation, 'chat', row);
  const contact = entityOfRow(dataSource, Contact, 'chat_contact', row);
  const identity = entityOfRow(dataSource, ContactIdentity, 'chat_identity', row);
  return conversation && contact && identity ? { conversation, contact, identity } : null;
}
