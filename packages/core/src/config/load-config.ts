import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { type AppConfig, configFileSchema, environmentSchema, type PluginEntry, toAppConfig } from './config.schema';

/** A configuration problem, phrased as the one line an operator needs to fix it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

// Secrets are never repeated back in an error message, which ends up in logs.
const SECRET_VARIABLES = new Set(['METRICS_TOKEN']);

function describeIssue(prefix: string, issue: z.core.$ZodIssue, input: Record<string, unknown>): string {
  const key = issue.path.join('.');
  const given = issue.path.length === 1 && !SECRET_VARIABLES.has(key) ? input[key] : undefined;
  const got = given === undefined ? '' : ` (got ${JSON.stringify(given)})`;
  return `${prefix}${key} must be ${issue.message.replace(/^Invalid input: expected /, '')}${got}`;
}

// Secrets stay out of the config file: "${STRIPE_SECRET_KEY}" is replaced by that variable's value.
function substituteVariables(value: unknown, env: NodeJS.ProcessEnv, where: string): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Z0-9_]+)\}/g, (_match, name: string) => {
      const replacement = env[name];
      if (replacement === undefined) {
        throw new ConfigError(`Invalid configuration: ${where} refers to \${${name}}, which is not set`);
      }
      return replacement;
    });
  }
  if (Array.isArray(value)) return value.map((item, index) => substituteVariables(item, env, `${where}[${index}]`));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, substituteVariables(item, env, `${where}.${key}`)]),
    );
  }
  return value;
}

function readPluginEntries(env: NodeJS.ProcessEnv, explicitPath: string | undefined): PluginEntry[] {
  const path = resolve(explicitPath ?? 'parley.config.json');
  if (!existsSync(path)) {
    if (explicitPath) throw new ConfigError(`Invalid configuration: PARLEY_CONFIG points to ${path}, which does not exist`);
    return [];
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`Invalid configuration: ${path} is not valid JSON (${(error as Error).message})`);
  }
  const result = configFileSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConfigError(`Invalid configuration: ${path}: ${issue.path.join('.') || 'the file'} ${issue.message}`);
  }
  return result.data.plugins.map((entry, index) => ({
    package: entry.package,
    options: substituteVariables(entry.options, env, `plugins[${index}].options`),
  }));
}

/** Reads and validates the whole configuration; throws a ConfigError naming the first bad variable. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: { plugins?: PluginEntry[] } = {},
): AppConfig {
  const input = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = environmentSchema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(describeIssue('Invalid configuration: ', result.error.issues[0], input));
  }
  const plugins = overrides.plugins ?? readPluginEntries(env, result.data.PARLEY_CONFIG);
  return toAppConfig(result.data, plugins);
}
