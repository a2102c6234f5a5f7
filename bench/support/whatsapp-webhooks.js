// WhatsApp Cloud API webhook payloads as Meta documents them, signed as Meta signs them (X-Hub-Signature-256: the
// HMAC-SHA256 of the raw body with the app secret). A JavaScript mirror of the builders in
// plugins/channel-whatsapp/src/fake-graph-api.testing.ts (TypeScript, excluded from the build), kept to what the
// benchmarks send.
const { createHmac, randomBytes } = require('node:crypto');

const PHONE_NUMBER_ID = '106540352242922';
const DISPLAY_PHONE_NUMBER = '15550001234';
const WABA_ID = '102290129340398';

/** The WhatsApp number (phone number id) of the notifications benchmark's store `i`. */
const notifyNumber = (i) => `20000000${String(i).padStart(4, '0')}`;

const wamid = () => `wamid.${randomBytes(24).toString('base64url')}`;

function message(from, type, fields) {
  return { from, id: wamid(), timestamp: String(Math.floor(Date.now() / 1000)), type, ...fields };
}

const textMessage = (from, text) => message(from, 'text', { text: { body: text } });
const buttonReplyMessage = (from, id, title) => message(from, 'interactive', { interactive: { type: 'button_reply', button_reply: { id, title } } });
const listReplyMessage = (from, id, title) => message(from, 'interactive', { interactive: { type: 'list_reply', list_reply: { id, title } } });
const locationMessage = (from, latitude, longitude, address) => message(from, 'location', { location: { latitude, longitude, address } });

/** A `messages` webhook carrying one inbound message, with its sender's profile. */
function messagesWebhook(inbound, name = 'WhatsApp User', phoneNumberId = PHONE_NUMBER_ID) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: WABA_ID,
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: DISPLAY_PHONE_NUMBER, phone_number_id: phoneNumberId },
              contacts: [{ profile: { name }, wa_id: inbound.from }],
              messages: [inbound],
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
}

/** The body as sent and its headers, the signature computed over exactly these bytes. */
function signedWebhook(appSecret, payload) {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
  return { body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature } };
}

module.exports = { PHONE_NUMBER_ID, notifyNumber, wamid, textMessage, buttonReplyMessage, listReplyMessage, locationMessage, messagesWebhook, signedWebhook };
