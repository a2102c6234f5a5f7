import { callbackDataFor, DEFAULT_LABELS, LIMITS, renderContent, type TelegramCall } from './telegram-renderer';

const textOf = (call: TelegramCall) => String(call.params.text ?? call.params.caption ?? '');
const keyboardOf = (call: TelegramCall) => (call.params.reply_markup as { inline_keyboard: { text: string; callback_data?: string; url?: string }[][] }).inline_keyboard;

describe('renderContent', () => {
  it('sends text as one message, and text over 4096 characters as several cut at line or word boundaries, losing nothing', () => {
    expect(renderContent({ type: 'text', text: 'Ciao!' })).toEqual([{ method: 'sendMessage', params: { text: 'Ciao!' } }]);
    const lines = Array.from({ length: 400 }, (_, index) => `${index + 1}. Margherita with buffalo mozzarella`);
    const calls = renderContent({ type: 'text', text: lines.join('\n') });
    expect(calls.length).toBeGreaterThan(1);
    for (const call of calls) expect(textOf(call).length).toBeLessThanOrEqual(LIMITS.text);
    // Every line whole, in order: cut only where lines end.
    expect(calls.map(textOf).join('\n')).toBe(lines.join('\n'));
  });

  it('shows buttons as an inline keyboard, one per row, after the text they belong to', () => {
    const [call] = renderContent({ type: 'buttons', text: 'Delivery or pickup?', buttons: [{ id: 'act:delivery', title: 'Delivery' }, { id: 'act:pickup', title: 'Pickup' }] });
    expect(call).toEqual({
      method: 'sendMessage',
      params: {
        text: 'Delivery or pickup?',
        reply_markup: { inline_keyboard: [[{ text: 'Delivery', callback_data: 'act:delivery' }], [{ text: 'Pickup', callback_data: 'act:pickup' }]] },
      },
    });
  });

  it('keeps the keyboard on the last part of a long text', () => {
    const calls = renderContent({ type: 'buttons', text: `${'word '.repeat(1000)}\nPick one`, buttons: [{ id: 'a', title: 'A' }] });
    expect(calls).toHaveLength(2);
    expect(calls[0].params.reply_markup).toBeUndefined();
    expect(textOf(calls[1])).toContain('Pick one');
    expect(keyboardOf(calls[1])).toEqual([[{ text: 'A', callback_data: 'a' }]]);
  });

  it('shows a list as buttons, each row with its description, across sections, at most 100', () => {
    const [call] = renderContent({
      type: 'list',
      text: 'Our pizzas',
      buttonLabel: 'Pizzas',
      sections: [
        { title: 'Red', rows: [{ id: 'prod:1', title: 'Margherita', description: '€8.50' }] },
        { title: 'White', rows: [{ id: 'prod:2', title: 'Quattro formaggi' }] },
      ],
    });
    expect(keyboardOf(call)).toEqual([[{ text: 'Margherita · €8.50', callback_data: 'prod:1' }], [{ text: 'Quattro formaggi', callback_data: 'prod:2' }]]);
    const many = renderContent({ type: 'list', text: 'All', buttonLabel: 'All', sections: [{ title: '', rows: Array.from({ length: 130 }, (_, index) => ({ id: `r${index}`, title: `Row ${index}` })) }] });
    expect(keyboardOf(many[0])).toHaveLength(LIMITS.keyboardButtons);
  });

  it('maps ids longer than 64 bytes of callback data to a short, stable stand-in, and shortens long titles', () => {
    const long = `mod:${'9f3c2a1e-7b4d-4c8e-a0f1-2b3c4d5e6f70'.repeat(2)}`;
    const [call] = renderContent({ type: 'buttons', text: 'Extra?', buttons: [{ id: long, title: 'Extra mozzarella di bufala campana DOP, grated on top while hot' }] });
    const [[button]] = keyboardOf(call);
    expect(Buffer.byteLength(button.callback_data!, 'utf8')).toBeLessThanOrEqual(LIMITS.callbackDataBytes);
    expect(button.callback_data).toBe(callbackDataFor(long));
    expect(button.callback_data).toMatch(/^~[A-Za-z0-9_-]{43}$/);
    expect(button.text.length).toBeLessThanOrEqual(LIMITS.buttonText);
    // Counted in bytes: 20 pizzas are 80 bytes in 20 characters.
    expect(callbackDataFor('🍕'.repeat(20))).toMatch(/^~/);
    expect(callbackDataFor('act:menu')).toBe('act:menu');
    // An id that looks like a stand-in is mapped too, so it is never taken for one.
    expect(callbackDataFor('~short')).not.toBe('~short');
    expect(() => callbackDataFor('')).toThrow('A button id must not be empty');
  });

  it('sends a payment link as a URL button with the label given, or the default', () => {
    const [call] = renderContent({ type: 'payment_link', text: 'Please pay €30.00', url: 'https://checkout.stripe.com/c/pay/cs_test_1', buttonLabel: 'Paga ora' });
    expect(call.params).toEqual({ text: 'Please pay €30.00', reply_markup: { inline_keyboard: [[{ text: 'Paga ora', url: 'https://checkout.stripe.com/c/pay/cs_test_1' }]] } });
    expect(keyboardOf(renderContent({ type: 'payment_link', text: 'Pay', url: 'https://pay.example/1' })[0])[0][0].text).toBe(DEFAULT_LABELS.paymentButton);
    // Not a link Telegram would accept on a button: the address in the text instead.
    expect(renderContent({ type: 'payment_link', text: 'Pay here:', url: 'pay.example/1' })).toEqual([{ method: 'sendMessage', params: { text: 'Pay here:\npay.example/1' } }]);
  });

  it('sends images with sendPhoto, continuing a caption over 1024 characters as text', () => {
    expect(renderContent({ type: 'image', url: 'https://cdn.example/margherita.jpg', caption: 'Margherita' })).toEqual([
      { method: 'sendPhoto', params: { photo: 'https://cdn.example/margherita.jpg', caption: 'Margherita' } },
    ]);
    const calls = renderContent({ type: 'image', url: 'https://cdn.example/menu.jpg', caption: 'tomato '.repeat(300) });
    expect(calls[0].method).toBe('sendPhoto');
    expect(String(calls[0].params.caption).length).toBeLessThanOrEqual(LIMITS.caption);
    expect(calls.slice(1).every((call) => call.method === 'sendMessage')).toBe(true);
  });

  it('asks for a location with a reply keyboard button that shares it', () => {
    expect(renderContent({ type: 'location_request', text: 'Where should we deliver?' })).toEqual([
      {
        method: 'sendMessage',
        params: {
          text: 'Where should we deliver?',
          reply_markup: { keyboard: [[{ text: DEFAULT_LABELS.shareLocation, request_location: true }]], resize_keyboard: true, one_time_keyboard: true },
        },
      },
    ]);
  });

  it('sends templates, products and product lists as plain text: Telegram has none of them', () => {
    expect(renderContent({ type: 'template', name: 'order_ready', language: 'en', parameters: ['Your order #1001 is ready'] })).toEqual([
      { method: 'sendMessage', params: { text: 'Your order #1001 is ready' } },
    ]);
    expect(renderContent({ type: 'product', productRetailerId: 'PIZ-MARG', text: 'Margherita' })).toEqual([{ method: 'sendMessage', params: { text: 'Margherita' } }]);
    expect(renderContent({ type: 'product_list', header: 'Pizzas', text: 'Pick one', sections: [] })).toEqual([{ method: 'sendMessage', params: { text: 'Pizzas\n\nPick one' } }]);
  });
});
