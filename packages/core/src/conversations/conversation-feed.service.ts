import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ClusterEventsService } from '../events/cluster-events.service';
import { EventBusService } from '../events/event-bus.service';
import { publishToSubscribers } from '../graphql/subscriptions';

export const conversationTopic = (storeId: string) => `conversations.${storeId}`;

/**
 * Feeds the `conversationActivity` subscription of staff inboxes: new messages, delivery statuses and conversation
 * changes of a store, from whichever process made them (the worker answers customers; staff write through the API).
 */
@Injectable()
export class ConversationFeedService implements OnModuleInit {
  constructor(
    private readonly events: EventBusService,
    private readonly cluster: ClusterEventsService,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    this.events.subscribe('conversation.message', ({ payload }) => this.cluster.broadcast('conversation.message', payload));
    this.events.subscribe('conversation.changed', ({ payload }) => this.cluster.broadcast('conversation.changed', payload));
    this.cluster.on('conversation.message', (payload) =>
      this.publish(payload.storeId, { conversationId: payload.conversationId, messageId: payload.messageId, kind: 'message', status: payload.status }),
    );
    this.cluster.on('conversation.changed', (payload) =>
      this.publish(payload.storeId, { conversationId: payload.conversationId, messageId: null, kind: 'conversation', status: payload.status }),
    );
  }

  private publish(storeId: string, activity: { conversationId: string; messageId: string | null; kind: string; status: string }): void {
    publishToSubscribers(this.adapterHost, conversationTopic(storeId), { conversationActivity: { ...activity, at: new Date() } });
  }
}
