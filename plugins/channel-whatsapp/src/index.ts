export { default } from './whatsapp.plugin';
export { WhatsAppChannelModule } from './whatsapp.plugin';
export { WhatsAppWebhookController } from './api/whatsapp-webhook.controller';
export { WhatsAppChannelAdapter } from './services/whatsapp-channel.adapter';
export { GraphApiClient, classifyGraphError } from './services/graph-api.client';
export { renderContent, LIMITS as WHATSAPP_LIMITS, type WhatsAppMessageBody } from './services/whatsapp-renderer';
export { checkSignature, parseWebhook, type ParsedWebhook } from './services/whatsapp-webhook.parser';
export { whatsAppOptions, type WhatsAppOptions, type WhatsAppAccount } from './whatsapp-options';
