import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Message, MessageStatus, ReceivedMessage } from '@parley/core';
import { type InboundContent, InboundMessages, type OutboundContent, type OutboundMessage } from '@parley/plugin-sdk';
import { DataSource, In, IsNull } from 'typeorm';
import { recordedSends } from './recording-channel.plugin';
import type { TestApp } from './test-app';

/** The path to load the recording channel plugin from, in tests and from a build alike. */
export const RECORDING_CHANNEL_PLUGIN = join(__dirname, 'recording-channel.plugin');

export { recordedSends };

export interface ChatCustomer {
  /** Sends a message as the customer and returns what the platform answered to it, once it has answered. */
  say(content: string | InboundContent, extra?: { referredProductId?: string }): Promise<OutboundContent[]>;
  /** Every message sent to this customer so far. */
  received(): OutboundMessage[];
  readonly channelUserId: string;
}

/**
 * A customer writing to the test app's store through a channel, as its webhook would hand messages over. Pair it
 * with the recording channel plugin to see the answers.
 */
export function chatCustomer(
  app: TestApp,
  options: { channel?: string; channelUserId?: string; name?: string; storeSlug?: string; accountId?: string } = {},
): ChatCustomer {
  const channel = options.channel ?? 'test';
  const channelUserId = options.channelUserId ?? `3160${Math.floor(Math.random() * 1e7).toString().padStart(7, '0')}`;
  const mine = () => recordedSends.sent.filter((message) => message.to.channelUserId === channelUserId);
  return {
    channelUserId,
    received: mine,
    async say(content, extra = {}) {
      const before = mine().length;
      const providerMessageId = `in-${randomUUID()}`;
      await app.get(InboundMessages).receive({
        channel,
        storeSlug: options.storeSlug ?? app.store.slug,
        accountId: options.accountId,
        providerMessageId,
        from: { channelUserId, name: options.name },
        receivedAt: new Date(),
        content: typeof content === 'string' ? { type: 'text', text: content } : content,
        referredProductId: extra.referredProductId,
      });
      await answered(app, channel, providerMessageId);
      return mine()
        .slice(before)
        .map((message) => message.content);
    },
  };
}

/** Waits until a received message has been handled and every answer to it has left (sent or failed). */
export async function answered(app: TestApp, channel: string, providerMessageId: string, timeoutMs = 15_000): Promise<void> {
  const dataSource = app.get(DataSource);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const received = await dataSource.getRepository(ReceivedMessage).findOneBy({ channel, providerMessageId });
    if (received?.processedAt) {
      const inbound = await dataSource.getRepository(Message).findOneBy({ receivedMessageId: received.id });
      const pending = inbound
        ? await dataSource.getRepository(Message).countBy({ conversationId: inbound.conversationId, status: In([MessageStatus.pending]) })
        : 0;
      if (pending === 0) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const waiting = await dataSource.getRepository(ReceivedMessage).countBy({ processedAt: IsNull() });
  throw new Error(`No answer to ${providerMessageId} within ${timeoutMs} ms (${waiting} received messages still waiting)`);
}

/**
 * Runs `send` (a webhook delivered to a channel plugin, say) and waits until the list `read` gives (the messages a
 * provider's fake received for one customer) has grown by at least `expected` and then stayed the same for a moment:
 * the whole burst of answers. Returns the new items.
 */
export async function answersAfter<T>(read: () => T[], send: () => Promise<unknown>, expected = 1, timeoutMs = 15_000): Promise<T[]> {
  const before = read().length;
  await send();
  const deadline = Date.now() + timeoutMs;
  let count = -1;
  while (Date.now() < deadline) {
    const now = read().length;
    if (now - before >= expected && now === count) break;
    count = now;
    await new Promise((done) => setTimeout(done, 150));
  }
  return read().slice(before);
}
