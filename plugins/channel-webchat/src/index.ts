export { default } from './webchat.plugin';
export { WebchatChannelModule } from './webchat.plugin';
export { WebchatChannelAdapter } from './services/webchat-channel.adapter';
export { WebchatMessageRecord } from './entities/webchat-message-record.entity';
export { webchatOptions, type WebchatOptions } from './webchat-options';
