import type { PaymentProvider } from '@parley/plugin-sdk';
import { ExtensionRegistryService } from './extension-registry.service';

const provider = (code: string) => ({ code, usesLinks: true }) as unknown as PaymentProvider;

describe('the extension registry', () => {
  it('finds extensions by kind and code, and refuses a code registered twice', () => {
    const registry = new ExtensionRegistryService();
    registry.register('payment', provider('stripe'));
    registry.register('payment', provider('cash'));
    expect(registry.get('payment', 'stripe').code).toBe('stripe');
    expect(registry.list('payment').map((p) => p.code)).toEqual(['stripe', 'cash']);
    expect(registry.list('channel')).toEqual([]);
    expect(() => registry.register('payment', provider('stripe'))).toThrow('A payment extension with the code "stripe" is already registered');
    expect(() => registry.get('crm', 'hubspot')).toThrow('crm extension hubspot was not found');
  });
});
