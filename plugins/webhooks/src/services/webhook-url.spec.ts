import { checkWebhookUrl } from './webhook-url';

const refusal = (url: string, allowInsecure = false) => {
  try {
    checkWebhookUrl(url, allowInsecure);
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
  return null;
};

describe('webhook URLs', () => {
  it('takes public https URLs as they are', () => {
    expect(checkWebhookUrl(' https://hooks.zapier.com/hooks/catch/123/abc/ ', false)).toBe('https://hooks.zapier.com/hooks/catch/123/abc/');
    expect(checkWebhookUrl('https://n8n.example.com:8443/webhook/parley?source=mario', false)).toBe('https://n8n.example.com:8443/webhook/parley?source=mario');
  });

  it('refuses http, loopback and private addresses unless allowed for development', () => {
    for (const url of [
      'http://example.com/parley',
      'https://localhost/parley',
      'https://api.localhost/parley',
      'https://127.0.0.1:3000/parley',
      'https://10.1.2.3/parley',
      'https://172.20.0.5/parley',
      'https://192.168.1.10/parley',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/parley',
      'https://[fd12::1]/parley',
      'https://[::ffff:127.0.0.1]/parley',
    ]) {
      expect(refusal(url)?.code).toBe('INVALID_WEBHOOK_URL');
      expect(refusal(url, true)).toBeNull();
    }
    expect(refusal('https://8.8.8.8/parley')).toBeNull();
    expect(refusal('https://[2001:db8::1]/parley')).toBeNull();
  });

  it('says what is wrong with a URL it refuses', () => {
    expect(refusal('hooks.zapier.com/catch')).toEqual({ code: 'INVALID_WEBHOOK_URL', message: 'The webhook URL is not a URL (e.g. https://example.com/parley)' });
    expect(refusal('http://example.com/parley')?.message).toBe('The webhook URL must start with https://');
    expect(refusal('javascript:alert(1)', true)?.message).toBe('The webhook URL must start with https:// or http://');
    expect(refusal('https://127.0.0.1/parley')?.message).toBe('The webhook URL must point to a public host, not a loopback or private address');
  });
});
