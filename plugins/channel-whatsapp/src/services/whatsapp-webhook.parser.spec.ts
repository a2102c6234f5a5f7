import { createHmac } from 'node:crypto';
import { sameSecret } from '@parley/plugin-sdk';
import {
  buttonReplyMessage,
  contactsMessage,
  imageMessage,
  listReplyMessage,
  locationMessage,
  mediaMessage,
  messagesWebhook,
  orderMessage,
  quickReplyMessage,
  statusUpdate,
  textMessage,
  unsupportedMessage,
  userPreferencesWebhook,
} from '../fake-graph-api.testing';
import { type WhatsAppAccount, whatsAppOptions } from '../whatsapp-options';
import { checkSignature, inboundContent, parseWebhook } from './whatsapp-webhook.parser';

const SECRET = 'app-secret-for-tests';
const { accounts } = whatsAppOptions.parse({
  appSecret: SECRET,
  verifyToken: 'verify-me',
  accounts: [
    { phoneNumberId: '1001', storeSlug: 'roma', accessToken: 'token-roma', catalogId: '5001' },
    { phoneNumberId: '1002', storeSlug: 'milano', accessToken: 'token-milano' },
  ],
});
const CUSTOMER = '393331234567';
const SENT_AT = new Date('2026-03-14T18:30:00Z');

const parse = (payload: unknown, list: WhatsAppAccount[] = accounts) => parseWebhook(JSON.stringify(payload), list);
const contentOf = (message: Record<string, unknown>) => inboundContent(message);

describe('checkSignature', () => {
  const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');
  const good = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;

  it('accepts the HMAC-SHA256 of the raw body with the app secret, in either hex case', () => {
    expect(checkSignature(SECRET, body, good)).toBe('valid');
    expect(checkSignature(SECRET, body, good.toUpperCase().replace('SHA256=', 'sha256='))).toBe('valid');
  });

  it('says missing without a header, invalid for anything else that does not match', () => {
    expect(checkSignature(SECRET, body, undefined)).toBe('missing');
    expect(checkSignature(SECRET, body, '')).toBe('missing');
    expect(checkSignature('another-secret', body, good)).toBe('invalid');
    expect(checkSignature(SECRET, Buffer.from(`${body.toString()} `), good)).toBe('invalid');
    expect(checkSignature(SECRET, body, good.slice(7))).toBe('invalid');
    expect(checkSignature(SECRET, body, `sha1=${good.slice(7)}`)).toBe('invalid');
    expect(checkSignature(SECRET, body, `${good}00`)).toBe('invalid');
    expect(checkSignature(SECRET, body, [good, good])).toBe('invalid');
  });
});

describe('sameSecret', () => {
  it('compares whatever the lengths, and refuses anything but a string', () => {
    expect(sameSecret('verify-me', 'verify-me')).toBe(true);
    expect(sameSecret('verify-m', 'verify-me')).toBe(false);
    expect(sameSecret('verify-me-and-more', 'verify-me')).toBe(false);
    expect(sameSecret(['verify-me'], 'verify-me')).toBe(false);
    expect(sameSecret(undefined, 'verify-me')).toBe(false);
  });
});

describe('parseWebhook: inbound messages', () => {
  it('turns a text message into an InboundMessage of the store that owns the number', () => {
    const message = textMessage({ from: CUSTOMER, id: 'wamid.text1', timestamp: SENT_AT, text: 'Una margherita, per favore' });
    const result = parse(messagesWebhook({ phoneNumberId: '1002', messages: [message], names: { [CUSTOMER]: 'Ada Lovelace' } }));

    expect(result.problems).toEqual([]);
    expect(result.messages).toEqual([
      {
        channel: 'whatsapp',
        storeSlug: 'milano',
        accountId: '1002',
        providerMessageId: 'wamid.text1',
        from: { channelUserId: CUSTOMER, name: 'Ada Lovelace' },
        receivedAt: SENT_AT,
        content: { type: 'text', text: 'Una margherita, per favore' },
        raw: message,
      },
    ]);
  });

  it('keeps several messages of several senders in order, each with its own name', () => {
    const other = '447700900123';
    const result = parse(
      messagesWebhook({
        phoneNumberId: '1001',
        messages: [textMessage({ from: CUSTOMER, text: 'one' }), textMessage({ from: other, text: 'two' }), textMessage({ from: CUSTOMER, text: 'three' })],
        names: { [CUSTOMER]: 'Ada', [other]: 'Grace' },
      }),
    );
    expect(result.messages.map((message) => [message.from.name, message.content])).toEqual([
      ['Ada', { type: 'text', text: 'one' }],
      ['Grace', { type: 'text', text: 'two' }],
      ['Ada', { type: 'text', text: 'three' }],
    ]);
  });

  it('maps reply buttons, list rows and template quick replies to replies', () => {
    expect(contentOf(buttonReplyMessage({ from: CUSTOMER, replyId: 'confirm-order', title: 'Confirm' }))).toEqual({ type: 'reply', id: 'confirm-order', title: 'Confirm' });
    expect(contentOf(listReplyMessage({ from: CUSTOMER, replyId: 'cat-pizza', title: 'Pizze', description: 'Forno a legna' }))).toEqual({ type: 'reply', id: 'cat-pizza', title: 'Pizze' });
    expect(contentOf(quickReplyMessage({ from: CUSTOMER, payload: 'REORDER', text: 'Order again' }))).toEqual({ type: 'reply', id: 'REORDER', title: 'Order again' });
    // A quick reply without a payload answers with its text.
    expect(contentOf({ from: CUSTOMER, id: 'wamid.q', type: 'button', button: { text: 'Yes' } })).toEqual({ type: 'reply', id: 'Yes', title: 'Yes' });
  });

  it('maps an order from the catalog to a cart', () => {
    const message = orderMessage({
      from: CUSTOMER,
      catalogId: '5001',
      text: 'No onions please',
      items: [
        { retailerId: 'MARG-L', quantity: 2, price: 8.5, currency: 'EUR' },
        { retailerId: 'TIRAMISU', quantity: 1, price: 6, currency: 'EUR' },
      ],
    });
    expect(contentOf(message)).toEqual({
      type: 'cart',
      catalogId: '5001',
      text: 'No onions please',
      items: [
        { productRetailerId: 'MARG-L', quantity: 2, itemPrice: 8.5, currency: 'EUR' },
        { productRetailerId: 'TIRAMISU', quantity: 1, itemPrice: 6, currency: 'EUR' },
      ],
    });
  });

  it('reads orders leniently: numbers as strings, a single item object, and drops items it cannot use', () => {
    const asStrings = { type: 'order', order: { catalog_id: 5001, product_items: [{ product_retailer_id: 'MARG-L', quantity: '3', item_price: ' 8.50 ', currency: 'eur' }] } };
    expect(contentOf(asStrings)).toEqual({ type: 'cart', catalogId: '5001', items: [{ productRetailerId: 'MARG-L', quantity: 3, itemPrice: 8.5, currency: 'EUR' }] });

    const single = { type: 'order', order: { catalog_id: '5001', product_items: { product_retailer_id: 'COKE', quantity: 1 } } };
    expect(contentOf(single)).toEqual({ type: 'cart', catalogId: '5001', items: [{ productRetailerId: 'COKE', quantity: 1 }] });

    const messy = {
      type: 'order',
      order: {
        catalog_id: '5001',
        product_items: [
          { quantity: 2, item_price: 5, currency: 'EUR' }, // no retailer id
          { product_retailer_id: '  ', quantity: 2 }, // blank retailer id
          { product_retailer_id: 'ZERO', quantity: 0 },
          { product_retailer_id: 'NEG', quantity: '-1' },
          { product_retailer_id: 'HALF', quantity: 1.5 },
          { product_retailer_id: 'WORDS', quantity: 'two' },
          'not an item',
          { product_retailer_id: 'OK', quantity: '2', item_price: 'free' },
        ],
      },
    };
    expect(contentOf(messy)).toEqual({ type: 'cart', catalogId: '5001', items: [{ productRetailerId: 'OK', quantity: 2 }] });

    // Nothing usable is still a cart (with no items), never dropped.
    expect(contentOf({ type: 'order', order: { catalog_id: '5001' } })).toEqual({ type: 'cart', catalogId: '5001', items: [] });
    expect(contentOf({ type: 'order' })).toEqual({ type: 'unknown', providerType: 'order' });
  });

  it('maps a shared location, also with coordinates as strings', () => {
    expect(contentOf(locationMessage({ from: CUSTOMER, latitude: 41.9028, longitude: 12.4964, name: 'Colosseo', address: 'Piazza del Colosseo, Roma' }))).toEqual({
      type: 'location',
      latitude: 41.9028,
      longitude: 12.4964,
      name: 'Colosseo',
      address: 'Piazza del Colosseo, Roma',
    });
    expect(contentOf({ type: 'location', location: { latitude: '45.4642', longitude: '9.19' } })).toEqual({ type: 'location', latitude: 45.4642, longitude: 9.19 });
    expect(contentOf({ type: 'location', location: { latitude: 'north' } })).toEqual({ type: 'unknown', providerType: 'location' });
  });

  it.each(['image', 'audio', 'video', 'document', 'sticker'] as const)('maps %s to media with the provider media id', (kind) => {
    const message = mediaMessage(kind, { from: CUSTOMER, mediaId: '880001', mimeType: 'application/x-test', ...(kind !== 'audio' && kind !== 'sticker' && { caption: 'look' }) });
    expect(contentOf(message)).toEqual({
      type: 'media',
      mediaKind: kind,
      providerMediaId: '880001',
      mimeType: 'application/x-test',
      ...(kind !== 'audio' && kind !== 'sticker' && { caption: 'look' }),
    });
  });

  it('maps an image with its caption', () => {
    expect(contentOf(imageMessage({ from: CUSTOMER, mediaId: '880002', caption: 'This one' }))).toEqual({
      type: 'media',
      mediaKind: 'image',
      providerMediaId: '880002',
      mimeType: 'image/jpeg',
      caption: 'This one',
    });
  });

  it('maps shared contacts to names and phone numbers', () => {
    const message = contactsMessage({ from: CUSTOMER, contacts: [{ name: 'Grace Hopper', phones: ['+1 555 0100', '+1 555 0101'] }, { name: 'Alan Turing', phones: [] }] });
    expect(contentOf(message)).toEqual({
      type: 'contacts',
      contacts: [
        { name: 'Grace Hopper', phones: ['+1 555 0100', '+1 555 0101'] },
        { name: 'Alan Turing', phones: [] },
      ],
    });
    expect(contentOf({ type: 'contacts', contacts: [{ name: { first_name: 'Ada', last_name: 'King' }, phones: [{ wa_id: '447700900123' }] }] })).toEqual({
      type: 'contacts',
      contacts: [{ name: 'Ada King', phones: ['447700900123'] }],
    });
  });

  it('keeps unsupported and unknown types as unknown, never dropping them', () => {
    expect(contentOf(unsupportedMessage({ from: CUSTOMER }))).toEqual({ type: 'unknown', providerType: 'unsupported' });
    expect(contentOf({ type: 'reaction', reaction: { message_id: 'wamid.x', emoji: '👍' } })).toEqual({ type: 'unknown', providerType: 'reaction' });
    expect(contentOf({ type: 'hologram' })).toEqual({ type: 'unknown', providerType: 'hologram' });
    expect(contentOf({})).toEqual({ type: 'unknown', providerType: 'missing' });
    expect(contentOf({ type: 'interactive', interactive: { type: 'nfm_reply', nfm_reply: { response_json: '{}' } } })).toEqual({ type: 'unknown', providerType: 'interactive.nfm_reply' });
    expect(contentOf({ type: 'interactive', interactive: { type: 'button_reply' } })).toEqual({ type: 'unknown', providerType: 'interactive.button_reply' });
    expect(contentOf({ type: 'text' })).toEqual({ type: 'unknown', providerType: 'text' });

    const result = parse(messagesWebhook({ phoneNumberId: '1001', messages: [unsupportedMessage({ from: CUSTOMER, id: 'wamid.unsupported' })] }));
    expect(result.problems).toEqual([]);
    expect(result.messages).toMatchObject([{ providerMessageId: 'wamid.unsupported', content: { type: 'unknown', providerType: 'unsupported' } }]);
  });

  it('takes the product a customer asks about from the reply context', () => {
    const message = textMessage({
      from: CUSTOMER,
      text: 'Is this one spicy?',
      context: { from: '15550001234', id: 'wamid.product', referred_product: { catalog_id: '5001', product_retailer_id: 'DIAVOLA' } },
    });
    const [inbound] = parse(messagesWebhook({ phoneNumberId: '1001', messages: [message] })).messages;
    expect(inbound.referredProductId).toBe('DIAVOLA');
    expect(inbound.content).toEqual({ type: 'text', text: 'Is this one spicy?' });
  });

  it('uses the receiving time when the timestamp is missing, and drops a contact name it cannot match', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const payload = messagesWebhook({ phoneNumberId: '1001', messages: [{ from: CUSTOMER, id: 'wamid.t', type: 'text', text: { body: 'hi' } }] });
    (payload.entry[0].changes[0].value as { contacts: unknown }).contacts = [{ profile: { name: 'Somebody' }, wa_id: '000' }];
    const [inbound] = parseWebhook(JSON.stringify(payload), accounts, now).messages;
    expect(inbound.receivedAt).toEqual(now);
    expect(inbound.from).toEqual({ channelUserId: CUSTOMER });
  });

  it('reports messages without an id or sender, and keeps the others', () => {
    const good = textMessage({ from: CUSTOMER, text: 'fine' });
    const result = parse(messagesWebhook({ phoneNumberId: '1001', messages: [{ type: 'text', text: { body: 'who?' } }, good, 'nonsense' as unknown as Record<string, unknown>] }));
    expect(result.messages).toHaveLength(1);
    expect(result.problems).toEqual(['entry[0].changes[0].messages[0]: a message without id or from', 'entry[0].changes[0].messages[2]: not an object']);
  });
});

describe('parseWebhook: statuses', () => {
  it('maps sent, delivered and read with our message id from biz_opaque_callback_data', () => {
    const statuses = (['sent', 'delivered', 'read'] as const).map((status, index) =>
      statusUpdate({ id: 'wamid.out1', status, recipient: CUSTOMER, messageId: 'msg-42', timestamp: new Date(SENT_AT.getTime() + index * 1000) }),
    );
    const result = parse(messagesWebhook({ phoneNumberId: '1001', statuses }));
    expect(result.problems).toEqual([]);
    expect(result.messages).toEqual([]);
    expect(result.statuses).toEqual([
      { channel: 'whatsapp', providerMessageId: 'wamid.out1', messageId: 'msg-42', status: 'sent', at: SENT_AT },
      { channel: 'whatsapp', providerMessageId: 'wamid.out1', messageId: 'msg-42', status: 'delivered', at: new Date(SENT_AT.getTime() + 1000) },
      { channel: 'whatsapp', providerMessageId: 'wamid.out1', messageId: 'msg-42', status: 'read', at: new Date(SENT_AT.getTime() + 2000) },
    ]);
  });

  it('maps failed with the first error code and its title and details as the reason', () => {
    const failed = statusUpdate({
      id: 'wamid.out2',
      status: 'failed',
      recipient: CUSTOMER,
      timestamp: SENT_AT,
      error: { code: 131047, title: 'Re-engagement message', details: 'More than 24 hours have passed since the customer last replied.' },
    });
    expect(parse(messagesWebhook({ phoneNumberId: '1001', statuses: [failed] })).statuses).toEqual([
      {
        channel: 'whatsapp',
        providerMessageId: 'wamid.out2',
        status: 'failed',
        at: SENT_AT,
        error: { code: '131047', reason: 'Re-engagement message: More than 24 hours have passed since the customer last replied.' },
      },
    ]);
    const plain = statusUpdate({ id: 'wamid.out3', status: 'failed', recipient: CUSTOMER, error: { code: 131026, title: 'Message undeliverable' } });
    expect(parse(messagesWebhook({ phoneNumberId: '1001', statuses: [plain] })).statuses[0].error).toEqual({ code: '131026', reason: 'Message undeliverable' });
  });

  it('ignores statuses that say nothing about delivery, and reports ones without an id', () => {
    const result = parse(
      messagesWebhook({
        phoneNumberId: '1001',
        statuses: [{ id: 'wamid.w', status: 'warning', timestamp: '1700000000' }, { status: 'read' }, statusUpdate({ id: 'wamid.ok', status: 'read', recipient: CUSTOMER })],
      }),
    );
    expect(result.statuses.map((status) => status.providerMessageId)).toEqual(['wamid.ok']);
    expect(result.problems).toEqual(['entry[0].changes[0].statuses[1]: a status without id or status']);
  });
});

describe('parseWebhook: user preferences', () => {
  it('maps stop and resume of marketing messages to consent changes of the store', () => {
    const result = parse(
      userPreferencesWebhook({
        phoneNumberId: '1002',
        preferences: [
          { waId: CUSTOMER, value: 'stop', timestamp: SENT_AT },
          { waId: '447700900123', value: 'resume', timestamp: SENT_AT },
        ],
      }),
    );
    expect(result.problems).toEqual([]);
    expect(result.consents).toEqual([
      { channel: 'whatsapp', storeSlug: 'milano', channelUserId: CUSTOMER, scope: 'marketing', optedIn: false, at: SENT_AT, via: 'whatsapp user_preferences' },
      { channel: 'whatsapp', storeSlug: 'milano', channelUserId: '447700900123', scope: 'marketing', optedIn: true, at: SENT_AT, via: 'whatsapp user_preferences' },
    ]);
  });

  it('ignores other categories and reports unreadable preferences', () => {
    const payload = userPreferencesWebhook({ phoneNumberId: '1001', preferences: [{ waId: CUSTOMER, value: 'stop' }] });
    const value = payload.entry[0].changes[0].value as { user_preferences: Record<string, unknown>[] };
    value.user_preferences.push({ wa_id: CUSTOMER, category: 'utility_messages', value: 'stop' }, { wa_id: CUSTOMER, category: 'marketing_messages', value: 'maybe' });
    const result = parse(payload);
    expect(result.consents).toHaveLength(1);
    expect(result.problems).toEqual(['entry[0].changes[0].user_preferences[2]: a preference without wa_id or with a value other than stop/resume']);
  });
});

describe('parseWebhook: what it cannot read', () => {
  it('reports a body that is not JSON, or not a WhatsApp Business Account webhook', () => {
    expect(parseWebhook('{"object":', accounts).problems).toEqual(['the body is not JSON']);
    for (const payload of [[], { object: 'page', entry: [] }, { object: 'whatsapp_business_account', entry: {} }, 'just a string']) {
      expect(parse(payload).problems).toEqual(['not a WhatsApp Business Account webhook (expected object "whatsapp_business_account" and an entry list)']);
    }
  });

  it('reports a number that is not configured, and still reads the other changes', () => {
    const payload = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '1',
          changes: [
            messagesWebhook({ phoneNumberId: '9999', messages: [textMessage({ from: CUSTOMER, text: 'lost' })] }).entry[0].changes[0],
            messagesWebhook({ phoneNumberId: '1001', messages: [textMessage({ from: CUSTOMER, text: 'found' })] }).entry[0].changes[0],
            { field: 'messages', value: { messaging_product: 'whatsapp', messages: [] } },
          ],
        },
        { id: '2' },
      ],
    };
    const result = parse(payload);
    expect(result.messages.map((message) => message.content)).toEqual([{ type: 'text', text: 'found' }]);
    expect(result.problems).toEqual([
      'entry[0].changes[0]: phone_number_id 9999 is not one of the configured accounts',
      'entry[0].changes[2]: no value.metadata.phone_number_id',
      'entry[1]: no changes list',
    ]);
  });

  it('acknowledges changes of other fields without reading them', () => {
    const payload = { object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'message_template_status_update', value: { event: 'APPROVED' } }] }] };
    expect(parse(payload)).toEqual({ messages: [], statuses: [], consents: [], problems: [] });
  });
});
