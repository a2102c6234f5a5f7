import { resolve } from 'node:path';
import { isPluginDefinition, type PluginDefinition, SDK_VERSION } from '@parley/plugin-sdk';
import { satisfies, validRange } from 'semver';
import type { PluginEntry } from '../config/config.schema';

export interface LoadedPlugin {
  definition: PluginDefinition;
  options: unknown;
}

/** Why a plugin can't start, as one line naming the plugin (and the option, where one is at fault). */
export class PluginLoadError extends Error {
  override readonly name = 'PluginLoadError';
}

/** Requires a plugin package (or a path to one) and finds its definition. */
export function importPlugin(specifier: string): PluginDefinition {
  let exported: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    exported = require(specifier.startsWith('.') ? resolve(specifier) : specifier);
  } catch (error) {
    throw new PluginLoadError(`Plugin "${specifier}" could not be loaded: ${(error as Error).message.split('\n')[0]}`);
  }
  const definition = [exported.default, exported.plugin].find(isPluginDefinition);
  if (!definition) {
    throw new PluginLoadError(`Plugin "${specifier}" does not export definePlugin(...) as its default or "plugin" export`);
  }
  return definition;
}

export function validatePluginOptions(definition: PluginDefinition, rawOptions: unknown): unknown {
  const result = definition.options.safeParse(rawOptions ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const option = issue.path.length ? `option "${issue.path.join('.')}"` : 'options';
    throw new PluginLoadError(`Plugin "${definition.name}": ${option}: ${issue.message}`);
  }
  return result.data;
}

/** Loads every configured plugin, checking its SDK range and validating its options before anything starts. */
export function loadPlugins(entries: PluginEntry[], resolvePlugin: (specifier: string) => PluginDefinition = importPlugin): LoadedPlugin[] {
  const seen = new Set<string>();
  return entries.map((entry) => {
    const definition = resolvePlugin(entry.package);
    if (seen.has(definition.name)) throw new PluginLoadError(`Plugin "${definition.name}" is configured twice`);
    seen.add(definition.name);
    if (!validRange(definition.sdk) || !satisfies(SDK_VERSION, definition.sdk)) {
      throw new PluginLoadError(
        `Plugin "${definition.name}" supports SDK ${definition.sdk}, but this platform provides SDK ${SDK_VERSION}`,
      );
    }
    return { definition, options: validatePluginOptions(definition, entry.options) };
  });
}
