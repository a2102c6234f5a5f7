import type { AssistantLanguage } from '@parley/plugin-sdk';
import { EVENT_PLACEHOLDERS, NotificationEvent } from './notification-event';
import { InvalidTemplateError } from './notifications.errors';

export const PLACEHOLDERS = [
  'orderNumber',
  'items',
  'total',
  'eta',
  'trackingUrl',
  'paymentUrl',
  'reason',
  'storeName',
  'customerName',
  'driverName',
  'refundAmount',
  'minutesWaiting',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export type TemplateValues = Partial<Record<Placeholder, string | number | null>>;

/** WhatsApp's limit for the body of a message template. */
export const MAX_TEMPLATE_LENGTH = 1024;

/**
 * Parley's own texts, used until a store writes its own. Optional details (an ETA, a driver, a tracking link) sit on
 * lines of their own, so that a missing one takes its line away (see renderTemplate).
 */
export const DEFAULT_TEMPLATES: Record<NotificationEvent, Record<AssistantLanguage, string>> = {
  [NotificationEvent.order_received]: {
    en: "Hi {customerName}, thanks for ordering from {storeName}! We've received order #{orderNumber} ({total}):\n{items}\n\nWe'll let you know as soon as we accept it.",
    es: '¡Hola {customerName}! Gracias por pedir en {storeName}. Hemos recibido tu pedido #{orderNumber} ({total}):\n{items}\n\nTe avisaremos en cuanto lo aceptemos.',
    fr: "Bonjour {customerName}, merci d'avoir commandé chez {storeName} ! Nous avons bien reçu votre commande n°{orderNumber} ({total}) :\n{items}\n\nNous vous préviendrons dès que nous l'aurons acceptée.",
    nl: 'Hoi {customerName}, bedankt voor je bestelling bij {storeName}! We hebben bestelling #{orderNumber} ({total}) ontvangen:\n{items}\n\nWe laten het je weten zodra we hem bevestigen.',
  },
  [NotificationEvent.order_accepted]: {
    en: "Good news, {customerName}! We've accepted order #{orderNumber}.\nExpected time: {eta}\nFollow it here: {trackingUrl}",
    es: '¡Buenas noticias, {customerName}! Hemos aceptado tu pedido #{orderNumber}.\nHora estimada: {eta}\nSíguelo aquí: {trackingUrl}',
    fr: 'Bonne nouvelle, {customerName} ! Nous avons accepté votre commande n°{orderNumber}.\nHeure prévue : {eta}\nSuivez-la ici : {trackingUrl}',
    nl: 'Goed nieuws, {customerName}! We hebben je bestelling #{orderNumber} bevestigd.\nVerwachte tijd: {eta}\nVolg je bestelling hier: {trackingUrl}',
  },
  [NotificationEvent.order_rejected]: {
    en: "Sorry, {customerName}, we can't accept order #{orderNumber}: {reason}. We hope to see you again soon.",
    es: 'Lo sentimos, {customerName}, pero no podemos aceptar tu pedido #{orderNumber}: {reason}. ¡Esperamos verte pronto!',
    fr: 'Désolé, {customerName}, nous ne pouvons pas accepter votre commande n°{orderNumber} : {reason}. Au plaisir de vous revoir bientôt !',
    nl: 'Sorry, {customerName}, we kunnen je bestelling #{orderNumber} helaas niet aannemen: {reason}. Hopelijk tot een volgende keer!',
  },
  [NotificationEvent.payment_link]: {
    en: 'Your order #{orderNumber} is almost done: just pay {total} with this link:\n{paymentUrl}',
    es: 'Tu pedido #{orderNumber} está casi listo: solo falta pagar {total} con este enlace:\n{paymentUrl}',
    fr: "Votre commande n°{orderNumber} est presque finalisée : il ne reste plus qu'à payer {total} avec ce lien :\n{paymentUrl}",
    nl: 'Je bestelling #{orderNumber} is bijna klaar: je hoeft alleen nog {total} te betalen via deze link:\n{paymentUrl}',
  },
  [NotificationEvent.payment_reminder]: {
    en: "Hi {customerName}, a quick reminder: order #{orderNumber} ({total}) isn't paid yet. The payment link expires soon:\n{paymentUrl}",
    es: 'Hola {customerName}, te recordamos que tu pedido #{orderNumber} ({total}) aún no está pagado. El enlace de pago caduca pronto:\n{paymentUrl}',
    fr: "Bonjour {customerName}, petit rappel : votre commande n°{orderNumber} ({total}) n'est pas encore payée. Le lien de paiement expire bientôt :\n{paymentUrl}",
    nl: 'Hoi {customerName}, even een herinnering: bestelling #{orderNumber} ({total}) is nog niet betaald. De betaallink verloopt binnenkort:\n{paymentUrl}',
  },
  [NotificationEvent.payment_received]: {
    en: "Thank you, {customerName}! We've received your payment of {total} for order #{orderNumber}.\nFollow it here: {trackingUrl}",
    es: '¡Gracias, {customerName}! Hemos recibido el pago de {total} de tu pedido #{orderNumber}.\nSíguelo aquí: {trackingUrl}',
    fr: 'Merci, {customerName} ! Nous avons bien reçu votre paiement de {total} pour la commande n°{orderNumber}.\nSuivez-la ici : {trackingUrl}',
    nl: 'Bedankt, {customerName}! We hebben je betaling van {total} voor bestelling #{orderNumber} ontvangen.\nVolg je bestelling hier: {trackingUrl}',
  },
  [NotificationEvent.payment_failed]: {
    en: "Sorry, {customerName}, the payment for order #{orderNumber} didn't go through. You can try again with this new link:\n{paymentUrl}",
    es: 'Lo sentimos, {customerName}, el pago de tu pedido #{orderNumber} no se ha completado. Puedes intentarlo de nuevo con este enlace:\n{paymentUrl}',
    fr: "Désolé, {customerName}, le paiement de la commande n°{orderNumber} n'a pas abouti. Vous pouvez réessayer avec ce nouveau lien :\n{paymentUrl}",
    nl: 'Sorry, {customerName}, de betaling voor bestelling #{orderNumber} is niet gelukt. Probeer het opnieuw via deze nieuwe link:\n{paymentUrl}',
  },
  [NotificationEvent.order_preparing]: {
    en: 'Your order #{orderNumber} is in the kitchen now!\nExpected time: {eta}\nFollow it here: {trackingUrl}',
    es: '¡Tu pedido #{orderNumber} ya está en la cocina!\nHora estimada: {eta}\nSíguelo aquí: {trackingUrl}',
    fr: 'Votre commande n°{orderNumber} est en cuisine !\nHeure prévue : {eta}\nSuivez-la ici : {trackingUrl}',
    nl: 'We zijn nu met je bestelling #{orderNumber} bezig!\nVerwachte tijd: {eta}\nVolg je bestelling hier: {trackingUrl}',
  },
  [NotificationEvent.order_ready]: {
    en: 'Your order #{orderNumber} is ready for pickup at {storeName}. See you soon!',
    es: '¡Tu pedido #{orderNumber} está listo! Puedes recogerlo en {storeName}. ¡Hasta ahora!',
    fr: 'Votre commande n°{orderNumber} est prête ! Vous pouvez venir la chercher chez {storeName}. À tout de suite !',
    nl: 'Je bestelling #{orderNumber} staat klaar! Je kunt hem afhalen bij {storeName}. Tot zo!',
  },
  [NotificationEvent.out_for_delivery]: {
    en: 'Your order #{orderNumber} is on its way!\nDriver: {driverName}\nExpected time: {eta}\nFollow it live: {trackingUrl}',
    es: '¡Tu pedido #{orderNumber} va de camino!\nRepartidor: {driverName}\nHora estimada: {eta}\nSíguelo en directo: {trackingUrl}',
    fr: 'Votre commande n°{orderNumber} est en route !\nLivreur : {driverName}\nHeure prévue : {eta}\nSuivez-la en direct : {trackingUrl}',
    nl: 'Je bestelling #{orderNumber} is onderweg!\nBezorger: {driverName}\nVerwachte tijd: {eta}\nVolg hem live: {trackingUrl}',
  },
  [NotificationEvent.order_delivered]: {
    en: 'Your order #{orderNumber} has been delivered. Enjoy your meal, and thank you for ordering from {storeName}!',
    es: 'Tu pedido #{orderNumber} ya ha llegado. ¡Que aproveche! Gracias por pedir en {storeName}.',
    fr: "Votre commande n°{orderNumber} a été livrée. Bon appétit et merci d'avoir commandé chez {storeName} !",
    nl: 'Je bestelling #{orderNumber} is bezorgd. Eet smakelijk en bedankt voor je bestelling bij {storeName}!',
  },
  [NotificationEvent.order_picked_up]: {
    en: 'Thanks for picking up order #{orderNumber}. Enjoy your meal, and see you soon at {storeName}!',
    es: 'Gracias por recoger tu pedido #{orderNumber}. ¡Que aproveche! Te esperamos pronto en {storeName}.',
    fr: 'Votre commande n°{orderNumber} a bien été récupérée, merci ! Bon appétit et à bientôt chez {storeName} !',
    nl: 'Bedankt voor het afhalen van bestelling #{orderNumber}. Eet smakelijk en tot snel bij {storeName}!',
  },
  [NotificationEvent.order_cancelled]: {
    en: 'Your order #{orderNumber} has been cancelled: {reason}. If you have any questions, just reply to this message.',
    es: 'Tu pedido #{orderNumber} se ha cancelado: {reason}. Si tienes alguna pregunta, responde a este mensaje.',
    fr: 'Votre commande n°{orderNumber} a été annulée : {reason}. Pour toute question, répondez simplement à ce message.',
    nl: 'Je bestelling #{orderNumber} is geannuleerd: {reason}. Heb je vragen? Reageer dan gewoon op dit bericht.',
  },
  [NotificationEvent.order_refunded]: {
    en: "We've refunded {refundAmount} for order #{orderNumber}. Depending on your bank, it can take a few days to show up.",
    es: 'Te hemos devuelto {refundAmount} de tu pedido #{orderNumber}. Según tu banco, puede tardar unos días en aparecer.',
    fr: 'Nous vous avons remboursé {refundAmount} pour la commande n°{orderNumber}. Selon votre banque, cela peut prendre quelques jours.',
    nl: 'We hebben {refundAmount} terugbetaald voor bestelling #{orderNumber}. Afhankelijk van je bank kan het een paar dagen duren voordat je het ziet.',
  },
  [NotificationEvent.staff_new_order]: {
    en: 'New order #{orderNumber}: {total}\nCustomer: {customerName}\n{items}',
    es: 'Nuevo pedido #{orderNumber}: {total}\nCliente: {customerName}\n{items}',
    fr: 'Nouvelle commande n°{orderNumber} : {total}\nClient : {customerName}\n{items}',
    nl: 'Nieuwe bestelling #{orderNumber}: {total}\nKlant: {customerName}\n{items}',
  },
  [NotificationEvent.staff_order_waiting]: {
    en: 'Order #{orderNumber} has been waiting {minutesWaiting} minutes for someone to accept it. Please accept or decline it.',
    es: 'El pedido #{orderNumber} lleva {minutesWaiting} minutos esperando a que alguien lo acepte. Acéptalo o recházalo, por favor.',
    fr: "La commande n°{orderNumber} attend d'être acceptée depuis {minutesWaiting} minutes. Merci de l'accepter ou de la refuser.",
    nl: 'Bestelling #{orderNumber} wacht al {minutesWaiting} minuten op acceptatie. Accepteer of weiger hem alsjeblieft.',
  },
};

const PLACEHOLDER = /\{([^{}]*)\}/g;
/** Stands in for a missing value while the text around it is tidied. */
const GONE = '\u0000';

function present(value: string | number | null | undefined): string {
  return value == null ? '' : String(value).replaceAll(GONE, '').trim();
}

/** A line that only exists to show values that are all missing, e.g. "Driver: {driverName}". */
function showsOnlyMissing(line: string, values: TemplateValues): boolean {
  const names = [...line.matchAll(PLACEHOLDER)].map((match) => match[1]);
  return names.length > 0 && names.every((name) => !present(values[name as Placeholder])) && /\}\s*$/.test(line);
}

/**
 * The message: each {placeholder} replaced by its value. A missing value renders as nothing, and takes away what only
 * framed it: its line when it ends one ("Driver: {driverName}"), its brackets ("({total})"), the comma or colon that
 * introduced it ("Sorry, {customerName}, we…" becomes "Sorry, we…"). Never throws: a notification is better sent
 * a little rough than not at all.
 */
export function renderTemplate(body: string, values: TemplateValues): string {
  return body
    .split('\n')
    .filter((line) => !showsOnlyMissing(line, values))
    .join('\n')
    .replace(PLACEHOLDER, (_, name: string) => present(values[name as Placeholder]) || GONE)
    .replace(/[ \t]*\([ \t]*\0[ \t]*\)/g, '')
    .replace(/[ \t]*[,;:][ \t]*\0(?=[ \t]*(?:[.!?,;:]|$))/gm, '')
    .replace(/[ \t]+\0(?=[.!?,;:])/g, '')
    .replace(/[ \t]+\0[ \t]+/g, ' ')
    .replace(/[ \t]*\0[ \t]*/g, '')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Throws an InvalidTemplateError naming every problem of the body, or returns when it can be sent for this event. */
export function validateTemplate(event: NotificationEvent, body: string): void {
  const allowed = EVENT_PLACEHOLDERS[event];
  if (!body.trim()) throw new InvalidTemplateError(event, ["can't be empty"], [], allowed);
  const problems: string[] = [];
  const length = [...body].length;
  if (length > MAX_TEMPLATE_LENGTH) problems.push(`is ${length} characters long, over WhatsApp's limit of ${MAX_TEMPLATE_LENGTH}`);
  if (!bracesBalanced(body)) problems.push('has a "{" or "}" without its pair: placeholders are written like {orderNumber}');
  const unknown = [...new Set([...body.matchAll(PLACEHOLDER)].map((match) => match[1]))].filter(
    (name) => !allowed.includes(name as Placeholder),
  );
  if (unknown.length) {
    const list = (names: readonly string[]) => names.map((name) => `{${name}}`).join(', ');
    problems.push(`uses ${list(unknown)}, which it can't: it may use ${list(allowed)}`);
  }
  if (problems.length) throw new InvalidTemplateError(event, problems, unknown, allowed);
}

function bracesBalanced(body: string): boolean {
  let open = false;
  for (const char of body) {
    if (char === '{') {
      if (open) return false;
      open = true;
    } else if (char === '}') {
      if (!open) return false;
      open = false;
    }
  }
  return !open;
}
