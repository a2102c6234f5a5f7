import { registerEnumType } from '@nestjs/graphql';

export enum ConversationStatus {
  /** The ordering assistant answers. */
  assistant = 'assistant',
  /** The customer asked for a person (or the assistant gave up); staff have not taken it yet. */
  waiting_for_staff = 'waiting_for_staff',
  /** Staff answer; the assistant stays silent until they hand it back or the store's timeout passes. */
  with_staff = 'with_staff',
  closed = 'closed',
}
registerEnumType(ConversationStatus, { name: 'ConversationStatus' });
