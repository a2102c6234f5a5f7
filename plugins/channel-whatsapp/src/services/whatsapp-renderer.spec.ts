import { ChannelSendError, type OutboundContent } from '@parley/plugin-sdk';
import { LIMITS, renderContent, splitForBody, splitText, truncate, type WhatsAppMessageBody } from './whatsapp-renderer';

const WITH_CATALOG = { catalogId: '5001' };
const words = (count: number, word = 'pizza') => Array.from({ length: count }, () => word).join(' ');
const bodyOf = (message: WhatsAppMessageBody) => (message.interactive as { body: { text: string } }).body.text;
const textOf = (message: WhatsAppMessageBody) => (message.text as { body: string }).body;
const interactiveOf = (message: WhatsAppMessageBody) => message.interactive as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
/** What the customer reads, in order, once the parts are put back together. */
const joined = (messages: WhatsAppMessageBody[]) => messages.map((message) => (message.type === 'text' ? textOf(message) : bodyOf(message)));

describe('truncate', () => {
  it('keeps short text, shortens long text with an ellipsis within the limit', () => {
    expect(truncate('  Confirm  ', 20)).toBe('Confirm');
    expect(truncate('Margherita with buffalo mozzarella', 20)).toBe('Margherita with buf…');
    expect(truncate('Margherita with buffalo mozzarella', 20)).toHaveLength(20);
    expect(truncate('Margherita con      x', 16)).toBe('Margherita con…');
  });

  it('never cuts an emoji (a surrogate pair) in half', () => {
    const shortened = truncate(`${'a'.repeat(18)}🍕🍕🍕`, 20);
    expect(shortened).toBe(`${'a'.repeat(18)}…`);
    expect(shortened.length).toBeLessThanOrEqual(20);
  });
});

describe('splitText', () => {
  it('leaves text within the limit as it is', () => {
    expect(splitText('Ciao!')).toEqual(['Ciao!']);
    expect(splitText('x'.repeat(4096))).toEqual(['x'.repeat(4096)]);
  });

  it('splits at line breaks, then spaces, into parts within the limit that add up to the text', () => {
    const lines = Array.from({ length: 300 }, (_, index) => `${index + 1}. Margherita x2 .......... 17.00 EUR`);
    const text = lines.join('\n');
    const parts = splitText(text);
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(4096);
    expect(parts.join('\n')).toBe(text);
    // Each part ends on a whole line.
    for (const part of parts) expect(part.split('\n').every((line) => lines.includes(line))).toBe(true);

    const prose = words(2000);
    const pieces = splitText(prose);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(4096);
      expect(piece.startsWith('pizza') && piece.endsWith('pizza')).toBe(true);
    }
    expect(pieces.join(' ')).toBe(prose);
  });

  it('cuts a word with no space in it hard, without breaking a surrogate pair', () => {
    expect(splitText('x'.repeat(10), 4)).toEqual(['xxxx', 'xxxx', 'xx']);
    const emoji = '🍕'.repeat(5); // 10 code units
    const parts = splitText(emoji, 3);
    expect(parts.join('')).toBe(emoji);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(3);
    expect(parts.every((part) => /^(🍕)+$/u.test(part))).toBe(true);
  });
});

describe('splitForBody', () => {
  it('keeps the end of a long text for the body and sends what comes before first', () => {
    const text = Array.from({ length: 60 }, (_, index) => `line ${index + 1}: ${words(4)}`).join('\n');
    const { before, body } = splitForBody(text, 1024);
    expect(body.length).toBeLessThanOrEqual(1024);
    expect(body.length).toBeGreaterThan(512);
    expect(body.endsWith('line 60: pizza pizza pizza pizza')).toBe(true);
    expect([...before, body].join('\n')).toBe(text);
  });
});

describe('renderContent', () => {
  it('sends text as one message, with link previews only when there is a link', () => {
    expect(renderContent({ type: 'text', text: 'Ciao Ada!' })).toEqual([{ type: 'text', text: { preview_url: false, body: 'Ciao Ada!' } }]);
    expect(renderContent({ type: 'text', text: 'Track it: https://shop.example/t/ABC' })).toEqual([
      { type: 'text', text: { preview_url: true, body: 'Track it: https://shop.example/t/ABC' } },
    ]);
  });

  it('splits text longer than 4096 characters into several messages in order', () => {
    const text = `${words(500, 'first')}\n${words(500, 'second')}`;
    const messages = renderContent({ type: 'text', text });
    expect(messages.map((message) => message.type)).toEqual(['text', 'text']);
    expect(messages.map(textOf)).toEqual([words(500, 'first'), words(500, 'second')]);
  });

  describe('buttons', () => {
    it('renders up to three reply buttons with titles shortened to 20 characters', () => {
      const [message] = renderContent({
        type: 'buttons',
        text: 'Your order: 2x Margherita. Confirm?',
        buttons: [
          { id: 'confirm', title: 'Confirm' },
          { id: 'change', title: 'Change something in the order' },
          { id: 'cancel', title: 'Cancel' },
        ],
      });
      expect(message).toEqual({
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'Your order: 2x Margherita. Confirm?' },
          action: {
            buttons: [
              { type: 'reply', reply: { id: 'confirm', title: 'Confirm' } },
              { type: 'reply', reply: { id: 'change', title: 'Change something in…' } },
              { type: 'reply', reply: { id: 'cancel', title: 'Cancel' } },
            ],
          },
        },
      });
    });

    it('keeps the body within 1024 characters, sending the start of a longer text before it', () => {
      const summary = Array.from({ length: 40 }, (_, index) => `${index + 1}x Pizza number ${index + 1} ... 9.00 EUR`).join('\n');
      const messages = renderContent({ type: 'buttons', text: summary, buttons: [{ id: 'ok', title: 'OK' }] });
      expect(messages.map((message) => message.type)).toEqual(['text', 'interactive']);
      expect(bodyOf(messages[1]).length).toBeLessThanOrEqual(1024);
      expect(joined(messages).join('\n')).toBe(summary);
    });

    it('becomes a list when there are more than three choices', () => {
      const buttons = Array.from({ length: 5 }, (_, index) => ({ id: `size-${index}`, title: `Size ${index} with a very long name` }));
      const [message] = renderContent({ type: 'buttons', text: 'Which size?', buttons });
      const list = interactiveOf(message);
      expect(list.type).toBe('list');
      expect(list.action.button).toBe('Options');
      expect(list.action.sections).toEqual([{ rows: buttons.map((button) => ({ id: button.id, title: truncate(button.title, 24) })) }]);
    });

    it('falls back to text without buttons, and refuses a button id WhatsApp would reject', () => {
      expect(renderContent({ type: 'buttons', text: 'Nothing to choose', buttons: [] })).toEqual([{ type: 'text', text: { preview_url: false, body: 'Nothing to choose' } }]);
      const tooLong = () => renderContent({ type: 'buttons', text: 'Pick', buttons: [{ id: 'x'.repeat(257), title: 'X' }] });
      expect(tooLong).toThrow(ChannelSendError);
      expect(tooLong).toThrow('1 to 256 characters');
      try {
        tooLong();
      } catch (error) {
        expect(error).toMatchObject({ retryable: false, providerCode: 'render' });
      }
    });
  });

  describe('list', () => {
    const row = (section: number, index: number) => ({ id: `s${section}-r${index}`, title: `Row ${section}.${index}`, description: `Description ${section}.${index}` });

    it('renders sections and rows, shortening titles (24), descriptions (72), section titles (24) and the button (20)', () => {
      const [message] = renderContent({
        type: 'list',
        text: 'Our menu',
        buttonLabel: 'See the whole menu of today',
        sections: [
          {
            title: 'Pizze rosse dal forno a legna',
            rows: [{ id: 'marg', title: 'Margherita con bufala campana DOP', description: 'Pomodoro San Marzano, mozzarella di bufala campana DOP, basilico fresco, olio' }],
          },
          { title: 'Bianche', rows: [{ id: 'quattro', title: 'Quattro formaggi' }] },
        ],
      });
      expect(message).toEqual({
        type: 'interactive',
        interactive: {
          type: 'list',
          body: { text: 'Our menu' },
          action: {
            button: 'See the whole menu…',
            sections: [
              {
                title: 'Pizze rosse dal forno a…',
                rows: [
                  {
                    id: 'marg',
                    title: 'Margherita con bufala c…',
                    description: 'Pomodoro San Marzano, mozzarella di bufala campana DOP, basilico fresco…',
                  },
                ],
              },
              { title: 'Bianche', rows: [{ id: 'quattro', title: 'Quattro formaggi' }] },
            ],
          },
        },
      });
      const action = interactiveOf(message).action;
      expect(action.button.length).toBeLessThanOrEqual(20);
      expect(action.sections[0].title.length).toBeLessThanOrEqual(24);
      expect(action.sections[0].rows[0].title.length).toBeLessThanOrEqual(24);
      expect(action.sections[0].rows[0].description.length).toBeLessThanOrEqual(72);
    });

    it('keeps at most 10 rows across at most 10 sections, dropping the rest and sections left empty', () => {
      const sections = Array.from({ length: 12 }, (_, section) => ({ title: `Section ${section}`, rows: Array.from({ length: 4 }, (_, index) => row(section, index)) }));
      const [message] = renderContent({ type: 'list', text: 'Pick one', buttonLabel: 'Menu', sections });
      const kept = interactiveOf(message).action.sections as { title: string; rows: { id: string }[] }[];
      expect(kept.map((section) => section.title)).toEqual(['Section 0', 'Section 1', 'Section 2']);
      expect(kept.flatMap((section) => section.rows.map((entry) => entry.id))).toEqual([
        's0-r0', 's0-r1', 's0-r2', 's0-r3', 's1-r0', 's1-r1', 's1-r2', 's1-r3', 's2-r0', 's2-r1',
      ]);

      const many = Array.from({ length: 11 }, (_, section) => ({ title: `S${section}`, rows: [row(section, 0)] }));
      const [tenSections] = renderContent({ type: 'list', text: 'Pick', buttonLabel: 'Menu', sections: many });
      expect(interactiveOf(tenSections).action.sections).toHaveLength(10);
    });

    it('names untitled sections when there are several, and falls back to text without rows', () => {
      const [message] = renderContent({ type: 'list', text: 'Pick', buttonLabel: '', sections: [{ title: '', rows: [row(0, 0)] }, { title: ' ', rows: [row(1, 0)] }] });
      expect(interactiveOf(message).action.button).toBe('Options');
      expect(interactiveOf(message).action.sections.map((section: { title: string }) => section.title)).toEqual(['1', '2']);
      expect(renderContent({ type: 'list', text: 'Nothing today', buttonLabel: 'Menu', sections: [{ title: 'Empty', rows: [] }] })).toEqual([
        { type: 'text', text: { preview_url: false, body: 'Nothing today' } },
      ]);
    });

    it('keeps the list body within 4096 characters', () => {
      const text = `${words(500, 'intro')}\n${words(500, 'menu')}`;
      const messages = renderContent({ type: 'list', text, buttonLabel: 'Menu', sections: [{ title: 'A', rows: [row(0, 0)] }] });
      expect(messages.map((message) => message.type)).toEqual(['text', 'interactive']);
      expect(bodyOf(messages[1]).length).toBeLessThanOrEqual(4096);
      expect(joined(messages).join('\n')).toBe(text);
    });
  });

  describe('products', () => {
    it('sends a single product from the catalog of the number, with or without a body', () => {
      expect(renderContent({ type: 'product', text: 'Our best seller', productRetailerId: 'MARG-L' }, WITH_CATALOG)).toEqual([
        { type: 'interactive', interactive: { type: 'product', body: { text: 'Our best seller' }, action: { catalog_id: '5001', product_retailer_id: 'MARG-L' } } },
      ]);
      expect(renderContent({ type: 'product', productRetailerId: 'MARG-L' }, WITH_CATALOG)).toEqual([
        { type: 'interactive', interactive: { type: 'product', action: { catalog_id: '5001', product_retailer_id: 'MARG-L' } } },
      ]);
    });

    it('falls back to text when the number has no catalog', () => {
      expect(renderContent({ type: 'product', text: 'Margherita, 8.50 EUR', productRetailerId: 'MARG-L' })).toEqual([
        { type: 'text', text: { preview_url: false, body: 'Margherita, 8.50 EUR' } },
      ]);
      expect(renderContent({ type: 'product_list', header: 'Menu', text: 'Pick your pizza', sections: [{ title: 'Pizze', productRetailerIds: ['MARG'] }] })).toEqual([
        { type: 'text', text: { preview_url: false, body: 'Menu\n\nPick your pizza' } },
      ]);
    });

    it('sends a product list of at most 30 products over at most 10 sections, with a header of at most 60', () => {
      const sections = Array.from({ length: 12 }, (_, section) => ({
        title: `Section number ${section} of the menu`,
        productRetailerIds: Array.from({ length: 4 }, (_, index) => `P${section}-${index}`),
      }));
      const [message] = renderContent({ type: 'product_list', header: `Menu ${'of the day '.repeat(10)}`, text: 'Add to your cart', sections }, WITH_CATALOG);
      const list = interactiveOf(message);
      expect(list.type).toBe('product_list');
      expect(list.header).toEqual({ type: 'text', text: expect.stringMatching(/^Menu of the day .*…$/) });
      expect(list.header.text.length).toBeLessThanOrEqual(60);
      expect(list.body).toEqual({ text: 'Add to your cart' });
      expect(list.action.catalog_id).toBe('5001');
      const kept = list.action.sections as { title: string; product_items: { product_retailer_id: string }[] }[];
      expect(kept.length).toBeLessThanOrEqual(10);
      expect(kept.flatMap((section) => section.product_items)).toHaveLength(30);
      expect(kept[7].product_items).toEqual([{ product_retailer_id: 'P7-0' }, { product_retailer_id: 'P7-1' }]);
      for (const section of kept) expect(section.title.length).toBeLessThanOrEqual(24);
    });
  });

  it('sends an image by link with its caption, and a caption over 1024 characters partly as text after it', () => {
    expect(renderContent({ type: 'image', url: 'https://cdn.example/marg.jpg', caption: 'Margherita' })).toEqual([
      { type: 'image', image: { link: 'https://cdn.example/marg.jpg', caption: 'Margherita' } },
    ]);
    expect(renderContent({ type: 'image', url: 'https://cdn.example/marg.jpg' })).toEqual([{ type: 'image', image: { link: 'https://cdn.example/marg.jpg' } }]);
    const caption = words(400);
    const [image, ...rest] = renderContent({ type: 'image', url: 'https://cdn.example/marg.jpg', caption });
    const first = (image.image as { caption: string }).caption;
    expect(first.length).toBeLessThanOrEqual(1024);
    expect([first, ...rest.map(textOf)].join(' ')).toBe(caption);
  });

  it('asks for a location with a location request message', () => {
    expect(renderContent({ type: 'location_request', text: 'Where should we deliver?' })).toEqual([
      { type: 'interactive', interactive: { type: 'location_request_message', body: { text: 'Where should we deliver?' }, action: { name: 'send_location' } } },
    ]);
  });

  it('sends a payment link as a call-to-action button, or as text when the URL cannot be a button', () => {
    expect(renderContent({ type: 'payment_link', text: 'Total 23.50 EUR', url: 'https://checkout.stripe.com/c/pay/cs_test_1' })).toEqual([
      {
        type: 'interactive',
        interactive: {
          type: 'cta_url',
          body: { text: 'Total 23.50 EUR' },
          action: { name: 'cta_url', parameters: { display_text: 'Pay now', url: 'https://checkout.stripe.com/c/pay/cs_test_1' } },
        },
      },
    ]);
    expect(renderContent({ type: 'payment_link', text: 'Pay here:', url: 'upi://pay?pa=shop@bank' })).toEqual([
      { type: 'text', text: { preview_url: false, body: 'Pay here:\nupi://pay?pa=shop@bank' } },
    ]);
  });

  it('sends a template with its body parameters, cleaned of what templates refuse', () => {
    expect(renderContent({ type: 'template', name: 'order_ready', language: 'it', parameters: ['Ada', '#1042\nready', 'a    b', ''] })).toEqual([
      {
        type: 'template',
        template: {
          name: 'order_ready',
          language: { code: 'it' },
          components: [
            {
              type: 'body',
              parameters: [
                { type: 'text', text: 'Ada' },
                { type: 'text', text: '#1042 ready' },
                { type: 'text', text: 'a   b' },
                { type: 'text', text: '-' },
              ],
            },
          ],
        },
      },
    ]);
    expect(renderContent({ type: 'template', name: 'hello_world', language: 'en_US', parameters: [] })).toEqual([
      { type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } },
    ]);
  });

  it('refuses content it does not know, permanently', () => {
    expect(() => renderContent({ type: 'hologram' } as unknown as OutboundContent)).toThrow('cannot render content of type hologram');
  });

  it("exposes WhatsApp's limits", () => {
    expect(LIMITS).toMatchObject({ text: 4096, buttons: 3, buttonTitle: 20, listRows: 10, rowTitle: 24, rowDescription: 72, interactiveBody: 1024, products: 30 });
  });
});
