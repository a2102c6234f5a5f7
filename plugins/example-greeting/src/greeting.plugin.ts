import { Module } from '@nestjs/common';
import { definePlugin } from '@parley/plugin-sdk';
import { GreetingResolver } from './api/greeting.resolver';
import { Welcome } from './entities/welcome.entity';
import { greetingOptions } from './greeting-options';
import { GreetingWelcomePostgres1795426000000 } from './migrations/postgres';
import { GreetingWelcomeSqlite1795426000000 } from './migrations/sqlite';
import { GreetingService } from './services/greeting.service';

@Module({ providers: [GreetingService, GreetingResolver] })
export class GreetingModule {}

export default definePlugin({
  name: '@parley/plugin-example-greeting',
  version: '0.1.0',
  sdk: '^0.1.0',
  kinds: ['generic'],
  description: 'Adds a `greeting` query and welcomes every store created while it runs.',
  options: greetingOptions,
  module: GreetingModule,
  entities: [Welcome],
  migrations: { postgres: [GreetingWelcomePostgres1795426000000], sqlite: [GreetingWelcomeSqlite1795426000000] },
  onStart: ({ logger, options }) => logger.info('Greeting plugin ready', { greeting: options.greeting }),
});
