// @ts-check
// The Nx generator behind `npx nx g @parley/plugin-sdk:plugin <name> --kind=<kind>` (and `npm run new-plugin`).
// Plain CommonJS over Nx's Tree, so Nx runs it from the sources without a build and without @nx/devkit.
const { readdirSync, readFileSync, statSync } = require('node:fs');
const { join, posix } = require('node:path');
const { logger } = require('nx/src/devkit-exports');

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
// The SDK's version is SDK_VERSION: generated plugins declare they work with it and its compatible successors.
const SDK_PACKAGE = require('../../package.json');

/**
 * What differs between kinds: the service implementing the SDK interface (files/<kind>/), the error its provider
 * client throws, what it calls (for the README), and whether it takes the provider's webhooks (api/, files/<kind>/).
 */
const KINDS = {
  channel: {
    file: 'channel.adapter',
    suffix: 'ChannelAdapter',
    error: 'ChannelSendError',
    summary: 'a chat channel: customers write through it, the assistant and staff answer through it',
    calls: '- `POST {baseUrl}/messages` `{ to, text }` with our message id as `Idempotency-Key`: each answer to a customer.\n- It receives `POST /webhooks/{{name}}` `{ id, from: { id, name }, text, sentAt }`, signed in `X-Signature` (base64 HMAC-SHA256 of the raw body with `webhookSecret`); anything else is refused with 401 and stored nowhere.',
    webhooks: true,
    storeSlug: true,
  },
  payment: {
    file: 'payment.provider',
    suffix: 'PaymentProvider',
    error: 'ProviderCallError',
    summary: 'a payment provider: payment links for orders, its signed webhooks, refunds',
    calls: '- `POST {baseUrl}/checkouts` `{ reference, amount, currency, lines, expiresAt, successUrl, cancelUrl }` -> `{ id, url }`: a payment link.\n- `POST {baseUrl}/refunds` `{ checkoutId, amount, currency }` -> `{ id }`.\n- It receives `POST /webhooks/{{name}}` `{ id, type: checkout.paid | checkout.failed | checkout.expired, checkoutId, reference, amount, currency, createdAt }`, signed in `X-Signature` (base64 HMAC-SHA256 of the raw body with `webhookSecret`); a forged one gets 401 and changes nothing.',
    webhooks: true,
  },
  crm: {
    file: 'crm.connector',
    suffix: 'CrmConnector',
    error: 'CrmSyncError',
    summary: 'a CRM: customers and their orders mirrored into the CRM the store runs',
    calls: '- `POST {baseUrl}/contacts` (or `/contacts/{id}` to update) `{ externalId, name, phone, email }` -> `{ id }`.\n- `POST {baseUrl}/deals` (or `/deals/{id}`) `{ contactId, name, amount, currency, stage }` -> `{ id }`, keyed by the order.',
  },
  shop: {
    file: 'shop.connector',
    suffix: 'ShopConnector',
    error: 'ShopSyncError',
    summary: 'a shop: the catalog imported from the online shop the store runs, orders pushed back to it',
    calls: '- `GET {baseUrl}/products?page=N[&updatedSince=...|&ids=...]` -> `{ products, nextPage }`.\n- `POST {baseUrl}/orders` -> `{ id }`, keyed by the order.',
  },
  delivery: {
    file: 'delivery.provider',
    suffix: 'DeliveryProvider',
    error: 'ProviderCallError',
    summary: 'a courier: deliveries booked and called off',
    calls: '- `POST {baseUrl}/deliveries` `{ reference, orderNumber, dropoff }` -> `{ trackingNumber, trackingUrl, eta, driver }`, keyed by the order.\n- `POST {baseUrl}/deliveries/{trackingNumber}/cancel`.',
  },
  generic: {
    file: 'events.forwarder',
    suffix: 'EventsForwarder',
    error: 'ProviderCallError',
    summary: 'announces every new store to an outside service',
    calls: '- `POST {baseUrl}/stores` `{ storeId, slug, name }` with the event id as `Idempotency-Key`, from a job queue that retries while the service is down.',
  },
};

/**
 * The SDK's callProviderApi throws ProviderCallError; where the core tells failures apart by a subclass (a channel's
 * ChannelSendError, a CRM's CrmSyncError), the client turns one into the other.
 */
function clientErrors(errorClass) {
  if (errorClass === 'ProviderCallError') return { clientImports: 'callProviderApi, PLUGIN_OPTIONS', errorConversion: '' };
  return {
    clientImports: ['callProviderApi', errorClass, 'PLUGIN_OPTIONS', 'ProviderCallError'].sort((a, b) => a.localeCompare(b)).join(', '),
    errorConversion: `.catch((error: unknown) => {
      // The core's queues decide whether to retry by this class.
      throw error instanceof ProviderCallError ? new ${errorClass}(error.message, error.retryable, error.retryAfterMs, error.providerCode) : error;
    })`,
  };
}

/** The options beyond baseUrl and apiKey, as schema lines, README rows and configuration example. */
function extraOptions(spec) {
  const options = [];
  if (spec.webhooks) {
    options.push({
      schema: "  /** Signs the provider's webhooks: X-Signature is the base64 HMAC-SHA256 of the raw body with it. */\n  webhookSecret: z.string().min(16, 'must be at least 16 characters'),",
      doc: "| `webhookSecret` | the secret the provider signs its webhooks with (at least 16 characters) |",
      config: '"webhookSecret": "${{{constantName}}_WEBHOOK_SECRET}"',
    });
  }
  if (spec.storeSlug) {
    options.push({
      schema: '  /** The store whose customers write through this account. */\n  storeSlug: z.string().min(1),',
      doc: '| `storeSlug` | the store whose customers write through this account |',
      config: '"storeSlug": "demo"',
    });
  }
  return {
    extraOptions: options.map((option) => `\n${option.schema}`).join(''),
    extraOptionsDoc: options.map((option) => `\n${option.doc}`).join(''),
    extraOptionsConfig: options.map((option) => `,\n                             ${option.config}`).join(''),
  };
}

function words(name) {
  return name.split('-');
}

/** The substitutions for `{{token}}` in templates and `__name__` in file names. */
function substitutions(name, kind) {
  const spec = KINDS[kind];
  const className = words(name).map((word) => word[0].toUpperCase() + word.slice(1)).join('');
  const controller = `${className}WebhookController`;
  const values = {
    name,
    kind,
    className,
    propertyName: className[0].toLowerCase() + className.slice(1),
    constantName: words(name).join('_').toUpperCase(),
    title: words(name).map((word) => word[0].toUpperCase() + word.slice(1)).join(' '),
    extensionClass: `${className}${spec.suffix}`,
    extensionFile: spec.file,
    errorClass: spec.error,
    summary: spec.summary,
    sdkRange: `^${SDK_PACKAGE.version}`,
    ...clientErrors(spec.error),
    apiImport: spec.webhooks ? `\nimport { ${controller} } from './api/${name}-webhook.controller';` : '',
    controllers: spec.webhooks ? `, controllers: [${controller}]` : '',
    ...extraOptions(spec),
  };
  // Some values hold tokens themselves.
  values.calls = render(spec.calls, values);
  values.extraOptionsConfig = render(values.extraOptionsConfig, values);
  return values;
}

function render(text, values) {
  return text.replace(/\{\{(\w+)\}\}/g, (match, token) => {
    if (!(token in values)) throw new Error(`Template token ${match} has no value`);
    return values[token];
  });
}

/** Every template under `folder`, as [path relative to it, content]. */
function templates(folder, prefix = '') {
  return readdirSync(join(folder, prefix)).flatMap((entry) => {
    const relative = posix.join(prefix, entry);
    return statSync(join(folder, relative)).isDirectory() ? templates(folder, relative) : [[relative, readFileSync(join(folder, relative), 'utf8')]];
  });
}

/** Adds the plugin's tsconfig to tsconfig.build.json's references, after the last one, keeping the file's layout. */
function addBuildReference(tree, projectRoot) {
  const file = 'tsconfig.build.json';
  const text = tree.read(file, 'utf8');
  if (text === null) return;
  const reference = `{ "path": "${projectRoot}/tsconfig.lib.json" }`;
  if (text.includes(reference)) return;
  const end = text.lastIndexOf('}', text.lastIndexOf(']'));
  if (end < 0) throw new Error(`${file} has no references to add ${projectRoot} to`);
  tree.write(file, `${text.slice(0, end + 1)},\n    ${reference}${text.slice(end + 1)}`);
}

/**
 * Writes plugins/<name>: package, project, TypeScript and jest settings, the definition with its options schema, a
 * provider client, a working implementation of the kind's SDK interface against the provider's base URL, a test that
 * runs it against a loopback fake of the provider on both databases, and a README.
 * @param {import('nx/src/generators/tree').Tree} tree
 * @param {{ name: string; kind?: keyof typeof KINDS; directory?: string }} options
 */
function pluginGenerator(tree, options) {
  const name = String(options.name ?? '');
  const kind = options.kind ?? 'generic';
  if (!NAME.test(name)) throw new Error(`Plugin name "${name}" must be kebab-case: lower-case letters and digits in words joined by "-", e.g. acme-crm`);
  if (!(kind in KINDS)) throw new Error(`Plugin kind "${kind}" is not one of ${Object.keys(KINDS).join(', ')}`);
  const projectRoot = posix.join(options.directory ?? 'plugins', name);
  if (tree.exists(projectRoot)) throw new Error(`${projectRoot} already exists: choose another name`);

  const values = substitutions(name, kind);
  for (const source of ['common', kind]) {
    for (const [path, content] of templates(join(__dirname, 'files', source))) {
      const target = posix.join(projectRoot, path.replace(/__name__/g, name).replace(/\.template$/, ''));
      tree.write(target, render(content, values));
    }
  }
  addBuildReference(tree, projectRoot);
  return () => {
    logger.info(`Created ${projectRoot} (@parley/plugin-${name}, ${kind}). Next: npm install (links the new workspace), then npx jest ${projectRoot}`);
  };
}

module.exports = pluginGenerator;
module.exports.default = pluginGenerator;
module.exports.pluginGenerator = pluginGenerator;
module.exports.KINDS = Object.keys(KINDS);
