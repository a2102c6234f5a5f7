import { DomainError } from '@parley/plugin-sdk';

/** `startShopImport` for a connector no loaded shop plugin has, or one that does not serve the store. */
export class UnknownShopConnectorError extends DomainError {
  constructor(connector: string) {
    super('UNKNOWN_SHOP_CONNECTOR', `No shop plugin "${connector}" serves this store`, { connector });
  }
}

