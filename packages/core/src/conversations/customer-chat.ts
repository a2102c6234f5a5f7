import type { SelectQueryBuilder } from 'typeorm';
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
 * Joins the chat of the order `order` (an alias of the query) as `<order>.chat`, with its contact and identity as
 * `chat.contact` and `chat.identity`: orders placed in a conversation carry `<channel>:<channel user id>` as their
 * customer reference. Left joins: an order placed elsewhere has none. The query selects CUSTOMER_CHAT_COLUMNS of it.
 */
export function joinCustomerChat<T extends object>(query: SelectQueryBuilder<T>, order: string): SelectQueryBuilder<T> {
  return query
    .leftJoinAndMapOne(
      `${order}.chat`,
      Conversation,
      'chat',
      `chat.storeId = ${order}.storeId AND chat.channel = ${order}.channel ` +
        `AND SUBSTR(${order}.customerRef, 1, LENGTH(${order}.channel) + 1) = ${order}.channel || ':' ` +
        `AND chat.channelUserId = SUBSTR(${order}.customerRef, LENGTH(${order}.channel) + 2)`,
    )
    .leftJoinAndMapOne('chat.contact', Contact, 'chat_contact', 'chat_contact.id = chat.contactId')
    .leftJoinAndMapOne(
      'chat.identity',
      ContactIdentity,
      'chat_identity',
      'chat_identity.storeId = chat.storeId AND chat_identity.channel = chat.channel AND chat_identity.channelUserId = chat.channelUserId',
    );
}

/** The chat `joinCustomerChat` found, as a CustomerChat, or null. */
export function customerChatOf(order: object): CustomerChat | null {
  const { chat } = order as { chat?: (Conversation & { contact?: Contact | null; identity?: ContactIdentity | null }) | null };
  return chat?.contact && chat.identity ? { conversation: chat, contact: chat.contact, identity: chat.identity } : null;
}
