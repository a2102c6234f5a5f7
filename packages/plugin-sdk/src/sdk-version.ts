/**
 * The version of the plugin SDK contract. A plugin declares the range it supports (`sdk: '^0.1.0'`); the host
 * refuses to start a plugin whose range does not include this version, rather than failing later in a hook.
 */
export const SDK_VERSION = '0.1.0';
