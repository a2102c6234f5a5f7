import type { Type } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import type { z } from 'zod';
import { PLUGIN_KINDS, type PluginKind } from './plugin-kind';

/**
 * The injection token under which a plugin's module receives its validated options:
 * `constructor(@Inject(PLUGIN_OPTIONS) private readonly options: GreetingOptions) {}`.
 * Options live in the module instance, never in static fields, so two apps with different options can run side by
 * side in one process.
 */
export const PLUGIN_OPTIONS = 'PARLEY_PLUGIN_OPTIONS';

export interface PluginLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface PluginContext<TOptions> {
  options: TOptions;
  logger: PluginLogger;
  /** Resolves the plugin's own providers (and the SDK services) after the app has started. */
  moduleRef: ModuleRef;
}

// TypeORM's entity and migration classes; kept structural so the SDK does not depend on TypeORM.
type EntityClass = abstract new (...args: never[]) => unknown;
type MigrationClass = new () => { up(queryRunner: unknown): Promise<unknown>; down(queryRunner: unknown): Promise<unknown> };

export interface PluginDefinition<TOptions = unknown> {
  /** The npm package name, e.g. `@parley/plugin-example-greeting`. */
  name: string;
  version: string;
  /** The SDK versions this plugin works with, as a semver range (`^0.1.0`). Checked at start-up. */
  sdk: string;
  kinds: PluginKind[];
  description?: string;
  /** Validates the options from the configuration; a failure stops start-up naming the plugin and the option. */
  options: z.ZodType<TOptions>;
  /** The plugin's NestJS module: its providers, resolvers, controllers (webhook routes) and job handlers. */
  module: Type<unknown>;
  /** TypeORM entities the plugin adds; their tables come from `migrations`, never from synchronize. */
  entities?: EntityClass[];
  migrations?: { postgres?: MigrationClass[]; sqlite?: MigrationClass[] };
  onStart?(context: PluginContext<TOptions>): void | Promise<void>;
  onShutdown?(context: PluginContext<TOptions>): void | Promise<void>;
}

const NAME = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;

/** Declares a plugin. The default or `plugin` export of a plugin package must be the result of this call. */
export function definePlugin<TOptions>(definition: PluginDefinition<TOptions>): PluginDefinition<TOptions> {
  if (!NAME.test(definition.name)) {
    throw new Error(`definePlugin: "${definition.name}" is not a valid npm package name`);
  }
  if (definition.kinds.length === 0 || definition.kinds.some((kind) => !PLUGIN_KINDS.includes(kind))) {
    throw new Error(`definePlugin(${definition.name}): kinds must be some of ${PLUGIN_KINDS.join(', ')}`);
  }
  return Object.freeze({ ...definition });
}

export function isPluginDefinition(value: unknown): value is PluginDefinition {
  const candidate = value as Partial<PluginDefinition> | undefined;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.name === 'string' &&
    typeof candidate.sdk === 'string' &&
    typeof candidate.module === 'function' &&
    typeof candidate.options === 'object'
  );
}
