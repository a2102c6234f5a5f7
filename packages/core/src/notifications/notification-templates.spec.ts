import { EVENT_PLACEHOLDERS, NotificationEvent } from './notification-event';
import { DEFAULT_TEMPLATES, MAX_TEMPLATE_LENGTH, renderTemplate, type TemplateValues, validateTemplate } from './notification-templates';
import { InvalidTemplateError } from './notifications.errors';

const VALUES: Required<TemplateValues> = {
  orderNumber: 1042,
  items: '2× Margherita (large)\n1× Tiramisu',
  total: '€31.50',
  eta: '19:45',
  trackingUrl: 'https://parley.example/t/abc',
  paymentUrl: 'https://pay.example/p/xyz',
  reason: 'we are out of dough tonight',
  storeName: "Mario's",
  customerName: 'Ana',
  driverName: 'Sam',
  refundAmount: '€12.00',
  minutesWaiting: 12,
};

const DEFAULTS = Object.entries(DEFAULT_TEMPLATES).flatMap(([event, texts]) =>
  Object.entries(texts).map(([language, body]) => ({ event: event as NotificationEvent, language, body })),
);

function invalid(event: NotificationEvent, body: string): InvalidTemplateError {
  try {
    validateTemplate(event, body);
  } catch (error) {
    if (error instanceof InvalidTemplateError) return error;
    throw error;
  }
  throw new Error(`"${body}" was accepted`);
}

describe('default notification templates', () => {
  it('exist for every event in en, es, fr and nl', () => {
    for (const event of Object.values(NotificationEvent)) {
      expect(Object.keys(DEFAULT_TEMPLATES[event]).sort()).toEqual(['en', 'es', 'fr', 'nl']);
    }
  });

  it.each(DEFAULTS)('$event in $language is valid and renders every placeholder it uses', ({ event, body }) => {
    expect(() => validateTemplate(event, body)).not.toThrow();
    const text = renderTemplate(body, VALUES);
    expect(text).not.toMatch(/[{}]/);
    for (const [, name] of body.matchAll(/\{(\w+)\}/g)) {
      expect(text).toContain(String(VALUES[name as keyof TemplateValues]));
    }
  });
});

describe('renderTemplate', () => {
  it('fills in the values', () => {
    expect(renderTemplate('Order #{orderNumber} is ready, {customerName}.', { orderNumber: 7, customerName: 'Ana' })).toBe(
      'Order #7 is ready, Ana.',
    );
  });

  it('leaves out missing values with what only framed them', () => {
    const order = { orderNumber: 7, storeName: "Mario's" };
    expect(renderTemplate(DEFAULT_TEMPLATES.order_rejected.en, order)).toBe("Sorry, we can't accept order #7. We hope to see you again soon.");
    expect(renderTemplate(DEFAULT_TEMPLATES.order_rejected.fr, order)).toBe(
      'Désolé, nous ne pouvons pas accepter votre commande n°7. Au plaisir de vous revoir bientôt !',
    );
    expect(renderTemplate(DEFAULT_TEMPLATES.order_received.es, order)).toBe(
      '¡Hola! Gracias por pedir en Mario\'s. Hemos recibido tu pedido #7:\n\nTe avisaremos en cuanto lo aceptemos.',
    );
    expect(renderTemplate(DEFAULT_TEMPLATES.order_accepted.fr, order)).toBe('Bonne nouvelle ! Nous avons accepté votre commande n°7.');
    expect(renderTemplate(DEFAULT_TEMPLATES.out_for_delivery.nl, { ...order, trackingUrl: 'https://t.example/1' })).toBe(
      'Je bestelling #7 is onderweg!\nVolg hem live: https://t.example/1',
    );
    expect(renderTemplate(DEFAULT_TEMPLATES.payment_failed.en, { ...order, paymentUrl: 'https://pay.example/2' })).toBe(
      "Sorry, the payment for order #7 didn't go through. You can try again with this new link:\nhttps://pay.example/2",
    );
  });

  it('treats empty, blank and null values as missing, and keeps the spaces French puts before punctuation', () => {
    expect(renderTemplate('Merci {customerName} ! À bientôt.', { customerName: '  ' })).toBe('Merci ! À bientôt.');
    expect(renderTemplate('Thanks {customerName}!', { customerName: null })).toBe('Thanks!');
    expect(renderTemplate('Total : {total} ({items})', { total: '12,00 €', items: '' })).toBe('Total : 12,00 €');
  });

  it('never throws, whatever the body', () => {
    for (const body of ['', '{', '}{', '{{orderNumber}}', '{nope} {}', '\u0000{total}']) {
      expect(() => renderTemplate(body, { total: '\u0000€1' })).not.toThrow();
    }
    expect(renderTemplate('{{orderNumber}}', { orderNumber: 3 })).toBe('{3}');
  });
});

describe('validateTemplate', () => {
  it('refuses unknown placeholders, naming each and listing the allowed ones', () => {
    const error = invalid(NotificationEvent.order_ready, 'Ready {customerNmae}! Pay here: {paymentUrl} {customerNmae}');
    expect(error.code).toBe('INVALID_TEMPLATE');
    expect(error.message).toContain('{customerNmae}, {paymentUrl}');
    expect(error.message).toContain('{orderNumber}, {items}, {total}, {storeName}, {customerName}, {trackingUrl}');
    expect(error.details).toEqual({
      event: 'order_ready',
      unknownPlaceholders: ['customerNmae', 'paymentUrl'],
      allowedPlaceholders: [...EVENT_PLACEHOLDERS.order_ready],
    });
  });

  it('refuses unbalanced braces', () => {
    for (const body of ['Order #{orderNumber', 'Order #orderNumber}', 'Order #{{orderNumber}}', 'Order }{orderNumber{']) {
      expect(invalid(NotificationEvent.order_ready, body).message).toContain('without its pair');
    }
  });

  it('refuses empty bodies and bodies over 1024 characters', () => {
    expect(invalid(NotificationEvent.order_ready, ' \n ').message).toContain("can't be empty");
    expect(() => validateTemplate(NotificationEvent.order_ready, 'é'.repeat(MAX_TEMPLATE_LENGTH))).not.toThrow();
    expect(invalid(NotificationEvent.order_ready, 'é'.repeat(MAX_TEMPLATE_LENGTH + 1)).message).toContain('1025 characters');
  });

  it('names every problem at once', () => {
    const message = invalid(NotificationEvent.staff_new_order, `{trackingUrl} {${'x'.repeat(1100)}`).message;
    expect(message).toContain('over WhatsApp');
    expect(message).toContain('without its pair');
    expect(message).toContain('{trackingUrl}');
  });
});
