import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import {
  ClusterEvents,
  EventBus,
  ExtensionRegistry,
  PLUGIN_OPTIONS,
  type PluginContext,
  type PluginLogger,
  Transactions,
} from '@parley/plugin-sdk';
import { UnitOfWork } from '../database/unit-of-work';
import { ClusterEventsService } from '../events/cluster-events.service';
import { EventBusService } from '../events/event-bus.service';
import { ExtensionRegistryService } from './extension-registry.service';
import type { LoadedPlugin } from './plugin-loader';
import { PluginServicesModule } from './plugin-services.module';

const LOADED_PLUGINS = 'PARLEY_LOADED_PLUGINS';

function pluginLogger(name: string): PluginLogger {
  const logger = new Logger(name);
  const line = (message: string, fields?: Record<string, unknown>) => (fields ? { msg: message, ...fields } : message);
  return {
    debug: (message, fields) => logger.debug(line(message, fields)),
    info: (message, fields) => logger.log(line(message, fields)),
    warn: (message, fields) => logger.warn(line(message, fields)),
    error: (message, fields) => logger.error(line(message, fields)),
  };
}

/** Calls the plugins' onStart hooks once the app is up, and onShutdown (in reverse order) before it stops. */
@Injectable()
class PluginLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(LOADED_PLUGINS) private readonly plugins: LoadedPlugin[],
    private readonly moduleRef: ModuleRef,
  ) {}

  private context(plugin: LoadedPlugin): PluginContext<unknown> {
    return { options: plugin.options, logger: pluginLogger(plugin.definition.name), moduleRef: this.moduleRef };
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const plugin of this.plugins) {
      await plugin.definition.onStart?.(this.context(plugin));
      new Logger('PluginHost').log(`Plugin ${plugin.definition.name}@${plugin.definition.version} started`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const plugin of [...this.plugins].reverse()) await plugin.definition.onShutdown?.(this.context(plugin));
  }
}

/** What the SDK's abstract services resolve to: the core's implementations, visible to every plugin module. */
@Global()
@Module({
  providers: [
    ExtensionRegistryService,
    { provide: ExtensionRegistry, useExisting: ExtensionRegistryService },
    { provide: EventBus, useExisting: EventBusService },
    { provide: Transactions, useExisting: UnitOfWork },
    { provide: ClusterEvents, useExisting: ClusterEventsService },
  ],
  exports: [ExtensionRegistryService, ExtensionRegistry, EventBus, Transactions, ClusterEvents],
})
export class PluginSdkModule {}

@Module({})
export class PluginHostModule {
  static forRoot(plugins: LoadedPlugin[]): DynamicModule {
    return {
      module: PluginHostModule,
      imports: [
        PluginServicesModule,
        ...plugins.map(({ definition, options }) => ({
          module: definition.module,
          providers: [{ provide: PLUGIN_OPTIONS, useValue: options }],
        })),
      ],
      providers: [{ provide: LOADED_PLUGINS, useValue: plugins }, PluginLifecycle],
    };
  }
}
