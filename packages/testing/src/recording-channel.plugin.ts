import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import {
  type ChannelAdapter,
  type ChannelCapabilities,
  ChannelSendError,
  definePlugin,
  ExtensionRegistry,
  type OutboundMessage,
  PLUGIN_OPTIONS,
  z,
} from '@parley/plugin-sdk';

const options = z.object({
  /** The channel code it registers as. */
  channel: z.string().regex(/^[a-z][a-z0-9-]*$/).default('test'),
  /** Without buttons and lists, the core sends choices as numbered text. */
  buttons: z.boolean().default(true),
  lists: z.boolean().default(true),
  /** Like WhatsApp's 24 hours: free-form messages only this long after the customer's last message. */
  windowHours: z.number().positive().optional(),
  messagesPerSecond: z.number().positive().optional(),
  /** Like Telegram's 1 a second per chat. */
  messagesPerSecondPerChat: z.number().positive().optional(),
  /** Like WhatsApp: the customer's id on the channel is their phone number. */
  channelUserIdIsPhone: z.boolean().default(false),
});
type RecordingChannelOptions = z.infer<typeof options>;

/**
 * What every recording channel of this process sent, and the failures a test wants its next sends to meet (a
 * ChannelSendError each, in order). Tests reset both between cases.
 */
export const recordedSends: { sent: OutboundMessage[]; failures: ChannelSendError[] } = { sent: [], failures: [] };

class RecordingChannelAdapter implements ChannelAdapter {
  readonly capabilities: ChannelCapabilities;
  private sequence = 0;

  constructor(readonly channel: string, settings: RecordingChannelOptions) {
    this.capabilities = {
      buttons: settings.buttons ? { max: 3, titleLength: 20 } : null,
      lists: settings.lists ? { rows: 10, titleLength: 24 } : null,
      productMessages: false,
      maxTextLength: 4096,
      customerServiceWindowHours: settings.windowHours,
      messagesPerSecond: settings.messagesPerSecond,
      messagesPerSecondPerChat: settings.messagesPerSecondPerChat,
      channelUserIdIsPhone: settings.channelUserIdIsPhone,
    };
  }

  async send(message: OutboundMessage): Promise<{ providerMessageId: string }> {
    const failure = recordedSends.failures.shift();
    if (failure) throw failure;
    recordedSends.sent.push(message);
    this.sequence += 1;
    return { providerMessageId: `${this.channel}-${this.sequence}-${message.messageId}` };
  }
}

@Module({})
class RecordingChannelModule implements OnModuleInit {
  constructor(
    private readonly registry: ExtensionRegistry,
    @Inject(PLUGIN_OPTIONS) private readonly settings: RecordingChannelOptions,
  ) {}

  onModuleInit(): void {
    this.registry.register('channel', new RecordingChannelAdapter(this.settings.channel, this.settings));
  }
}

/**
 * A channel plugin for tests: it sends nowhere and records what the platform sent. Load it by path:
 * `plugins: [{ package: RECORDING_CHANNEL_PLUGIN, options: { channel: 'test' } }]`.
 */
export default definePlugin({
  name: 'recording-channel',
  version: '0.1.0',
  sdk: '^0.1.0',
  kinds: ['channel'],
  description: 'Records outbound messages for tests.',
  options,
  module: RecordingChannelModule,
});

export { ChannelSendError };
