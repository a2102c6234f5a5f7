import type { ChannelAdapter } from './channel';
import type { CrmConnector } from './crm';
import type { DeliveryProvider } from './delivery';
import type { PaymentProvider } from './payment';
import type { ShopConnector } from './shop';
import type { MessageUnderstanding } from './understanding';

export interface Extensions {
  channel: ChannelAdapter;
  payment: PaymentProvider;
  crm: CrmConnector;
  shop: ShopConnector;
  delivery: DeliveryProvider;
  understanding: MessageUnderstanding;
}

export type ExtensionKind = keyof Extensions;

/**
 * Where plugins register what they contribute, usually from `onModuleInit`. Implemented by the core, which looks
 * extensions up by code (`channel` for channels, `code` for the others). Registering a code twice is refused.
 */
export abstract class ExtensionRegistry {
  abstract register<K extends ExtensionKind>(kind: K, extension: Extensions[K]): void;
  abstract get<K extends ExtensionKind>(kind: K, code: string): Extensions[K];
  abstract list<K extends ExtensionKind>(kind: K): Extensions[K][];
}
