import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ChannelSendError, ExtensionRegistry, type JobContext, JobQueue, RetryJobLaterError, signWebhook, UnrecoverableJobError } from '@parley/plugin-sdk';
import { assistantLanguage } from '../conversations/assistant/assistant-texts';
import { QueueNames } from '../jobs/queue-names';
import type { Order } from '../orders/order.entity';
import { OrderStatus } from '../orders/order-status';
import type { Store } from '../stores/store.entity';
import { type NotificationJob, NOTIFICATION_JOB_SETTINGS } from './customer-notification.processor';
import { NotificationEvent } from './notification-event';
import { renderTemplate } from './notification-templates';
import { NotificationTemplateService } from './notification-template.service';
import type { Notification } from './notification.entity';
import { NotificationService } from './notification.service';
import { NotificationValues } from './notification-values';
import { RateLimiterService } from './rate-limiter.service';

const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * Tells the store's staff: a new order, or one left waiting unaccepted longer than the store allows. Through the
 * staff channels set in the store's settings: a WhatsApp number, a webhook (signed like every webhook the platform
 * sends: `X-Parley-Signature: sha256=HMAC(secret, "<timestamp>.<body>")`), and always the `orderChanged` subscription.
 */
@Injectable()
export class StaffAlertProcessor implements OnModuleInit {
  constructor(
    private readonly jobs: JobQueue,
    private readonly notifications: NotificationService,
    private readonly templates: NotificationTemplateService,
    private readonly extensions: ExtensionRegistry,
    private readonly limiter: RateLimiterService,
    private readonly valuesOf: NotificationValues,
  ) {}

  onModuleInit(): void {
    this.jobs.define<NotificationJob>(QueueNames.staffAlerts, (job) => this.process(job), NOTIFICATION_JOB_SETTINGS);
  }

  async process({ data, attempt }: JobContext<NotificationJob>): Promise<void> {
    const [due] = await this.notifications.due([data.notificationId]);
    if (!due) return;
    const { notification, order, store } = due;
    if (notification.event === NotificationEvent.staff_order_waiting && order.status !== OrderStatus.placed && order.status !== OrderStatus.awaiting_payment) {
      return this.notifications.skip(notification, 'The order was dealt with in time');
    }
    if (!store.staffAlertWhatsApp && !store.staffAlertWebhookUrl) return this.notifications.skip(notification, 'The store has no staff channel set');
    const language = assistantLanguage(store.defaultLanguage);
    const template = await this.templates.effective(store.id, notification.event as NotificationEvent, language);
    // Staff see the customer's whole name.
    const text = renderTemplate(template.body, { ...(await this.valuesOf.compute(due, language, template.body)), customerName: order.customerName ?? '' });
    try {
      const sent: string[] = [];
      if (store.staffAlertWhatsApp) sent.push(await this.whatsApp(notification, store, text));
      if (store.staffAlertWebhookUrl) sent.push(await this.webhook(notification, store, order, text));
      await this.notifications.sent([{ notification, providerMessageId: sent.join(' ') }]);
    } catch (error) {
      if (error instanceof RetryJobLaterError) throw error;
      const reason = (error as Error).message;
      const permanent = error instanceof ChannelSendError && !error.retryable;
      if (permanent || attempt >= NOTIFICATION_JOB_SETTINGS.attempts) {
        await this.notifications.fail(notification, reason);
        throw new UnrecoverableJobError(reason);
      }
      await this.notifications.retrying(notification, reason);
      throw error;
    }
  }

  private async whatsApp(notification: Notification, store: Store, text: string): Promise<string> {
    const adapter = this.extensions.list('channel').find((candidate) => candidate.channel === 'whatsapp');
    if (!adapter) throw new ChannelSendError('No whatsapp channel plugin is loaded', false);
    const wait = await this.limiter.take('whatsapp:default', adapter.capabilities.messagesPerSecond ?? 20);
    if (wait > 0) throw new RetryJobLaterError('Sending account at its rate limit', wait, false);
    const { providerMessageId } = await adapter.send({ messageId: notification.id, to: { storeId: store.id, channelUserId: store.staffAlertWhatsApp! }, content: { type: 'text', text } });
    return providerMessageId;
  }

  private async webhook(notification: Notification, store: Store, order: Order, text: string): Promise<string> {
    const body = JSON.stringify({
      id: notification.id,
      event: notification.event,
      text,
      order: { id: order.id, number: order.number, status: order.status, total: { amount: order.totalAmount, currency: order.currency }, channel: order.channel },
      at: new Date().toISOString(),
    });
    const response = await fetch(store.staffAlertWebhookUrl!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signWebhook(store.staffAlertWebhookSecret!, body), 'x-parley-delivery': notification.id },
      body,
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    if (response.ok) return `webhook:${response.status}`;
    // A receiver that says the request is wrong will say so again; one that is down or busy may not.
    throw new ChannelSendError(`The staff webhook answered ${response.status}`, response.status >= 500 || response.status === 429 || response.status === 408);
  }
}
