import { Module } from '@nestjs/common';
import { definePlugin } from '@parley/plugin-sdk';
import { ContactLoyaltyResolver } from './api/contact-loyalty.resolver';
import { LoyaltyCard } from './entities/loyalty-card.entity';
import { LoyaltyStamp } from './entities/loyalty-stamp.entity';
import { loyaltyOptions } from './loyalty-options';
import { LoyaltyTablesPostgres1795600000000 } from './migrations/postgres';
import { LoyaltyTablesSqlite1795600000000 } from './migrations/sqlite';
import { LoyaltyService } from './services/loyalty.service';

@Module({ providers: [LoyaltyService, ContactLoyaltyResolver] })
export class LoyaltyModule {}

export default definePlugin({
  name: '@parley/plugin-example-loyalty',
  version: '0.1.0',
  sdk: '^0.1.0',
  kinds: ['generic'],
  description: 'A stamp per paid order; a full card earns a reward, told to the customer in their chat.',
  options: loyaltyOptions,
  module: LoyaltyModule,
  entities: [LoyaltyStamp, LoyaltyCard],
  migrations: { postgres: [LoyaltyTablesPostgres1795600000000], sqlite: [LoyaltyTablesSqlite1795600000000] },
  onStart: ({ logger, options }) => logger.info('Loyalty plugin ready', { stampsPerReward: options.stampsPerReward }),
});
