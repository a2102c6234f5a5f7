export const PLUGIN_KINDS = ['channel', 'payment', 'crm', 'shop', 'delivery', 'generic'] as const;
export type PluginKind = (typeof PLUGIN_KINDS)[number];
