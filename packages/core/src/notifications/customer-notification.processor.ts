import { setTimeout } from 'node:timers/promises';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type ChannelAdapter, ChannelSendError, ExtensionRegistry, type JobContext, JobQueue, type OutboundContent, RetryJobLaterError, UnrecoverableJobError } from '@parley/plugin-sdk';
import { ASSISTANT_TEXTS, assistantLanguage } from '../conversations/assistant/assistant-texts';
import type { Conversation } from '../conversations/conversation.entity';
import { ConversationService } from '../conversations/conversation.service';
import type { CustomerChat } from '../conversations/customer-chat';
import { type Message, MessageStatus } from '../conversations/message.entity';
import { Batcher } from '../database/batcher';
import { UnitOfWork } from '../database/unit-of-work';
import { retryAfterDelay } from '../jobs/job-engine';
import { QueueNames } from '../jobs/queue-names';
import type { Order } from '../orders/order.entity';
import { OrderStatus } from '../orders/order-status';
import { NotificationEvent } from './notification-event';
import { PLUGIN_MESSAGE } from './notification-outbox';
import { renderTemplate } from './notification-templates';
import { type EffectiveTemplate, NotificationTemplateService } from './notification-template.service';
import type { Notification } from './notification.entity';
import { type DueNotification, NotificationService } from './notification.service';
import { NotificationValues } from './notification-values';
import { RateLimiterService } from './rate-limiter.service';

interface TemplateWanted {
  storeId: string;
  event: NotificationEvent;
  language: string;
}

interface MessageToWrite {
  conversation: Conversation;
  content: OutboundContent;
  notification: Notification;
  channel: string;
}

/** The payload of a job on the `customer-notifications` and `staff-alerts` queues. */
export interface NotificationJob {
  notificationId: string;
}

// Sends mostly wait for the provider (a Graph API call takes a few hundred milliseconds): many run at once, and the more
// run at once, the more of their reads and writes go together in one batch.
export const NOTIFICATION_JOB_SETTINGS = { concurrency: 100, attempts: 8, backoffMs: 1000 };

// Waiting for an earlier notification of the same order, or for the rate limit, uses up no attempt.
const WAIT_FOR_EARLIER_MS = 200;
const DEFAULT_MESSAGES_PER_SECOND = 20;
const UNKNOWN_SEND_GRACE_MS = 10_000;
// A WhatsApp number's 80 a second is a turn every 14 ms: a job that finds a few ahead of it waits in the process rather
// than going back to Redis and being read again.
const WAIT_FOR_TURN_HERE_MS = 100;

/**
 * Tells a customer about their order in the chat they ordered from, as a message of that conversation: rendered from
 * the store's template in the customer's language, inside the channel's customer-service window or as the store's
 * approved template outside it, within the sending account's rate limit, after every earlier notification of the
 * order. Sent once: a notification already sent (or its message, after a crash) is not sent again.
 */
@Injectable()
export class CustomerNotificationProcessor implements OnModuleInit {
  // The queue's concurrent jobs read and write together (a batch each time, see Batcher): one query for the due
  // notifications (with their orders and chats) of all the jobs that ask at the same time, one for their templates, one
  // transaction for their messages, one statement each to mark them sent. Each job still goes, waits or fails alone.
  private readonly dueOf = new Batcher<string, DueNotification | null>((ids) => this.notifications.due(ids));
  private readonly templateOf = new Batcher<TemplateWanted, EffectiveTemplate>((wanted) => this.templates.effectiveOf(wanted));
  private readonly written = new Batcher<MessageToWrite, Message>((writes) =>
    this.unitOfWork.run(async (tx) => {
      const messages = await this.conversations.writeAsSystem(tx, writes);
      await this.notifications.sendingAs(
        tx,
        writes.map(({ notification, channel }, index) => ({ notification, messageId: messages[index].id, channel })),
      );
      return messages;
    }),
  );
  private readonly sentAs = new Batcher<{ notification: Notification; message: Message; providerMessageId: string }, void>(async (sends) => {
    await this.conversations.markSent(sends, new Date());
    await this.notifications.sent(sends);
    return sends.map(() => undefined);
  });

  constructor(
    private readonly jobs: JobQueue,
    private readonly unitOfWork: UnitOfWork,
    private readonly notifications: NotificationService,
    private readonly templates: NotificationTemplateService,
    private readonly conversations: ConversationService,
    private readonly valuesOf: NotificationValues,
    private readonly extensions: ExtensionRegistry,
    private readonly limiter: RateLimiterService,
  ) {}

  onModuleInit(): void {
    this.jobs.define<NotificationJob>(QueueNames.customerNotifications, (job) => this.process(job), NOTIFICATION_JOB_SETTINGS);
  }

  async process({ data, attempt }: JobContext<NotificationJob>): Promise<void> {
    const due = await this.dueOf.load(data.notificationId);
    if (!due) return;
    const { notification, order, store, chat } = due;
    if (due.waitsForEarlier) throw new RetryJobLaterError('An earlier notification of this order is not sent yet', WAIT_FOR_EARLIER_MS, false);
    const stale = this.stale(notification, order);
    if (stale) return this.notifications.skip(notification, stale);

    if (!chat) return this.notifications.skip(notification, 'The order was not placed in a chat the platform can write to');
    if (chat.contact.optedOut) return this.notifications.skip(notification, 'The customer opted out of messages');
    const adapter = this.extensions.list('channel').find((candidate) => candidate.channel === chat.conversation.channel);
    if (!adapter) return this.notifications.skip(notification, `No ${chat.conversation.channel} channel plugin is loaded`);

    // A message already written for it: sent before a crash, or still to send.
    let message = notification.messageId ? await this.conversations.message(notification.messageId) : null;
    if (message && message.status !== MessageStatus.pending) return this.notifications.sent([{ notification, providerMessageId: message.providerMessageId }]);
    if (message && notification.sendingAt) {
      // The last run died mid-send: the provider may have the message. Its status webhook (tied to our message id)
      // says so within seconds; only once it has had time to come is the message sent again.
      const waited = Date.now() - notification.sendingAt.getTime();
      if (waited < UNKNOWN_SEND_GRACE_MS) throw new RetryJobLaterError('Waiting for the status of a send cut short', UNKNOWN_SEND_GRACE_MS - waited, false);
    }
    // Every attempt takes a turn, retries too: after an outage, the backlog of retries must not go out at once. Taken
    // last, just before the send, so that sends leave as evenly spaced as their turns.
    if (message) {
      await this.turn(adapter, chat.conversation, { take: true });
      await this.notifications.sending([notification]);
    } else {
      // Nothing is written for a send whose turn is far off: the job comes back then, having cost reads only.
      await this.turn(adapter, chat.conversation, { take: false });
      const content = await this.contentOf(due, adapter, chat);
      if (typeof content === 'string') return this.notifications.skip(notification, content);
      // Written, linked to the notification and marked in flight in one transaction.
      message = await this.written.load({ conversation: chat.conversation, content, notification, channel: adapter.channel });
      try {
        await this.turn(adapter, chat.conversation, { take: true });
      } catch (error) {
        // Other sends took the turns meanwhile: not in flight after all, so the next run sends without waiting.
        await this.notifications.sending([notification], null);
        throw error;
      }
    }
    try {
      const { providerMessageId } = await adapter.send({
        messageId: message.id,
        to: { storeId: store.id, channelUserId: chat.conversation.channelUserId, accountId: chat.conversation.accountId ?? undefined },
        content: message.content as OutboundContent,
      });
      await this.sentAs.load({ notification, message, providerMessageId });
    } catch (error) {
      if (!(error instanceof ChannelSendError)) throw error;
      const reason = `${error.providerCode ?? 'error'}: ${error.message}`;
      if (!error.retryable || attempt >= NOTIFICATION_JOB_SETTINGS.attempts) {
        await this.conversations.applyDeliveryStatus({ channel: adapter.channel, providerMessageId: '', messageId: message.id, status: 'failed', at: new Date(), error: { code: error.providerCode ?? 'send_failed', reason: error.message } });
        await this.notifications.fail(notification, reason);
        throw new UnrecoverableJobError(reason);
      }
      await this.notifications.retrying(notification, reason);
      if (error.retryAfterMs) throw new RetryJobLaterError(reason, retryAfterDelay(error.retryAfterMs, NOTIFICATION_JOB_SETTINGS.backoffMs, attempt));
      throw error;
    }
  }

  /**
   * The send's turn within the chat's own limit (Telegram: 1 a second), then the sending account's. A turn due within
   * moments is waited for here, holding the job; a later one sends the job back to the queue until then, so that one
   * account's backlog does not hold the job slots other accounts' sends could use. Without `take`, only looks, at
   * what this process knows.
   */
  private async turn(adapter: ChannelAdapter, conversation: Conversation, { take }: { take: boolean }): Promise<void> {
    const { messagesPerSecond = DEFAULT_MESSAGES_PER_SECOND, messagesPerSecondPerChat } = adapter.capabilities;
    const account = `${adapter.channel}:${conversation.accountId ?? 'default'}`;
    const wait = async (key: string, perSecond: number, reason: string) => {
      // Asked again after each wait rather than reserved ahead: the send leaves the moment its turn is taken, so a busy
      // event loop that wakes several waiting jobs late cannot bunch their sends beyond the limit.
      for (;;) {
        const waitMs = take ? await this.limiter.take(key, perSecond) : this.limiter.untilTurn(key);
        if (waitMs > WAIT_FOR_TURN_HERE_MS) throw new RetryJobLaterError(reason, waitMs, false);
        if (waitMs === 0 || !take) return;
        await setTimeout(waitMs);
      }
    };
    // The chat's turn first: a chat at its limit must not use up a turn of the account that other chats could have.
    if (messagesPerSecondPerChat) await wait(`${account}:${conversation.channelUserId}`, messagesPerSecondPerChat, 'The chat is at its rate limit');
    await wait(account, messagesPerSecond, 'Sending account at its rate limit');
  }

  /**
   * What the customer is sent: the store's text for the event in their language, inside the channel's window; its
   * approved template outside it. A string: why nothing can be sent.
   */
  private async contentOf(due: DueNotification, adapter: ChannelAdapter, chat: CustomerChat): Promise<OutboundContent | string> {
    const { notification, store } = due;
    const window = adapter.capabilities.customerServiceWindowHours;
    const lastWrote = chat.identity.lastCustomerMessageAt?.getTime() ?? 0;
    const outsideWindow = Boolean(window && Date.now() - lastWrote > window * 3600_000);
    if (notification.event === PLUGIN_MESSAGE) {
      // A plugin's own text has no approved template to go as outside the window.
      if (outsideWindow) return `Outside the ${window}-hour window, where a plugin's message may not go`;
      return { type: 'text', text: notification.values.text };
    }
    const language = assistantLanguage(chat.contact.language, store.defaultLanguage);
    const template = await this.templateOf.load({ storeId: store.id, event: notification.event as NotificationEvent, language });
    if (outsideWindow && !template.approvedTemplate) {
      return `Outside the ${window}-hour window, and the store has no approved template for ${notification.event} (${language})`;
    }
    const values = { ...(await this.valuesOf.compute(due, language, template.body)), ...notification.values };
    if (outsideWindow) {
      // The approved template's {{1}}, {{2}}, ... are the placeholders in the order the store's text uses them.
      const parameters = [...template.body.matchAll(/\{(\w+)\}/g)].map(([, name]) => values[name] ?? '');
      return { type: 'template', name: template.approvedTemplate!.name, language: template.approvedTemplate!.language, parameters };
    }
    const text = renderTemplate(template.body, values);
    return values.paymentUrl && isPaymentEvent(notification.event) ? { type: 'payment_link', text, url: values.paymentUrl, buttonLabel: ASSISTANT_TEXTS[language].payButton } : { type: 'text', text };
  }

  /** Why a notification no longer makes sense by the time it is due, if it doesn't. */
  private stale(notification: Notification, order: Order): string | null {
    if (notification.event === NotificationEvent.payment_reminder && order.status !== OrderStatus.awaiting_payment) return 'The order is no longer waiting for payment';
    return null;
  }
}

function isPaymentEvent(event: string): boolean {
  return event === NotificationEvent.payment_link || event === NotificationEvent.payment_reminder || event === NotificationEvent.payment_failed;
}
