import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { PLUGIN_OPTIONS } from '@parley/plugin-sdk';
import type { WebchatOptions } from '../webchat-options';

// Beside the compiled code in dist/ (scripts/copy-assets.js copies them there), beside the sources in tests.
const WIDGET_DIR = join(__dirname, '..', 'widget');
const SETTINGS_MARKER = '{} /* webchat settings */';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** JSON that can't end a script element or a JavaScript string early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The widget's files, read once, with the plugin's options (title, colour, greeting) written into the script. */
@Injectable()
export class WebchatAssets {
  readonly script: string;
  readonly stylesheet: string;
  private readonly pageTemplate: string;

  constructor(@Inject(PLUGIN_OPTIONS) options: WebchatOptions) {
    const script = readFileSync(join(WIDGET_DIR, 'widget.js'), 'utf8');
    if (!script.includes(SETTINGS_MARKER)) throw new Error(`widget.js lacks its settings marker ${SETTINGS_MARKER}`);
    const settings = { title: options.title, accentColor: options.accentColor, greeting: options.greeting };
    this.script = script.replace(SETTINGS_MARKER, scriptJson(settings));
    this.stylesheet = readFileSync(join(WIDGET_DIR, 'widget.css'), 'utf8');
    this.pageTemplate = readFileSync(join(WIDGET_DIR, 'chat.html'), 'utf8');
  }

  /** The hosted full-page chat of a store. */
  page(store: { slug: string; name: string }): string {
    const values: Record<string, string> = { store: store.slug, name: store.name };
    return this.pageTemplate.replace(/\{\{(\w+)\}\}/g, (_match, key: string) => escapeHtml(values[key] ?? ''));
  }
}
