import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { WebchatAuthor, WebchatContent } from '../services/webchat-message';

/**
 * A message of a web chat, kept so that a visitor who reloads the page, or was offline when the answer was sent,
 * still sees the conversation: the store's answers, and the visitor's own messages as they were sent. The plugin
 * can't read the core's conversations, so it keeps this copy, pruned to the latest messages per visitor.
 */
@Entity('webchat_message')
// Also the index of a visitor's history, which is at most a few hundred rows.
@Index(['storeSlug', 'visitorId', 'author', 'messageId'], { unique: true })
export class WebchatMessageRecord {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ type: 'varchar', length: 64 })
  storeSlug: string;

  @Column({ type: 'varchar', length: 64 })
  visitorId: string;

  /** The core's message id for the store's messages; the widget's clientMessageId for the visitor's. */
  @Column({ type: 'varchar', length: 64 })
  messageId: string;

  @Column({ type: 'varchar', length: 10 })
  author: WebchatAuthor;

  @Column({ type: 'simple-json' })
  content: WebchatContent;

  @Column({ type: Date })
  at: Date;
}
