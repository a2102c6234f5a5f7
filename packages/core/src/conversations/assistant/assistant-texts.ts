import type { AssistantLanguage } from '@parley/plugin-sdk';
import { minorUnitDigits } from '../../catalog/csv/csv-cells';
import type { OrderStatus } from '../../orders/order-status';

export const ASSISTANT_LANGUAGES: AssistantLanguage[] = ['en', 'es', 'fr', 'nl'];

/** The contact's language if the assistant speaks it, else the store's default if it does, else English. */
export function assistantLanguage(...candidates: (string | null | undefined)[]): AssistantLanguage {
  return (candidates.find((language) => ASSISTANT_LANGUAGES.includes(language as AssistantLanguage)) as AssistantLanguage) ?? 'en';
}

const LOCALES: Record<AssistantLanguage, string> = { en: 'en-GB', es: 'es-ES', fr: 'fr-FR', nl: 'nl-NL' };

// Making a formatter costs far more than using one, and a menu list formats a price per row: kept per language and
// currency (or time zone). Both sets are small: four languages times the stores' currencies and time zones.
const moneyFormats = new Map<string, Intl.NumberFormat>();
const timeFormats = new Map<string, Intl.DateTimeFormat>();

export function formatMoney(amount: number, currency: string, language: AssistantLanguage): string {
  const key = `${language} ${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(LOCALES[language], { style: 'currency', currency });
    moneyFormats.set(key, format);
  }
  return format.format(amount / 10 ** minorUnitDigits(currency));
}

export function formatTime(at: Date, timeZone: string, language: AssistantLanguage): string {
  const key = `${language} ${timeZone}`;
  let format = timeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES[language], { timeZone, weekday: 'long', hour: '2-digit', minute: '2-digit' });
    timeFormats.set(key, format);
  }
  return format.format(at);
}

/** Every sentence the assistant says, in each language it speaks. Placeholders are function arguments. */
export interface AssistantTexts {
  welcome(store: string): string;
  chooseCategory: string;
  menuEmpty: string;
  categoriesButton: string;
  chooseProduct(category: string): string;
  productsButton: string;
  more: string;
  chooseVariant(product: string): string;
  chooseModifier(group: string, product: string): string;
  optionsButton: string;
  added(lines: string, total: string): string;
  notFound(words: string): string;
  cart(lines: string, total: string): string;
  cartEmpty: string;
  removed(product: string): string;
  notInCart(words: string): string;
  cartCleared: string;
  checkoutButton: string;
  menuButton: string;
  cartButton: string;
  humanButton: string;
  askFulfilment: string;
  deliveryButton: string;
  pickupButton: string;
  askAddress: string;
  outsideZone: string;
  otherAddressButton: string;
  askPickupTime: string;
  asapButton: string;
  in30Button: string;
  in60Button: string;
  preorderAt(time: string): string;
  askPayment(total: string): string;
  payOnlineButton: string;
  cashButton: string;
  payAtPickupButton: string;
  payHere(number: number, total: string): string;
  payButton: string;
  confirmed(number: number, total: string, tracking: string): string;
  priceChanged(total: string): string;
  soldOut(item: string): string;
  belowMinimum(minimum: string): string;
  closed(opensAt: string | null): string;
  closedPreorder(opensAt: string): string;
  orderStatus(number: number, status: string, tracking: string): string;
  noOrder: string;
  status: Record<OrderStatus, string>;
  reordered(lines: string, total: string): string;
  help: string;
  handOff: string;
  didNotUnderstand: string;
  offerHuman: string;
  optedOut: string;
  optedIn: string;
  languageSet: string;
  thanks: string;
  unsupported: string;
  mediaReceived: string;
  faq: { hours: string; address: string; deliveryArea: string; allergens: string; unknown: string; alwaysOpen: string };
  error: string;
  sessionOver: string;
}

const en: AssistantTexts = {
  welcome: (store) => `Hi! Welcome to ${store}. What would you like to order? You can type it ("2 large margheritas") or pick from the menu.`,
  chooseCategory: 'What are you in the mood for?',
  menuEmpty: 'There is nothing on the menu right now, sorry.',
  categoriesButton: 'Menu',
  chooseProduct: (category) => `${category}: pick one, or type what you'd like.`,
  productsButton: 'Choose',
  more: 'More…',
  chooseVariant: (product) => `Which ${product}?`,
  chooseModifier: (group, product) => `For the ${product}: ${group}`,
  optionsButton: 'Options',
  added: (lines, total) => `Added to your order:\n${lines}\n\nTotal so far: ${total}`,
  notFound: (words) => `Sorry, I couldn't find "${words}" on the menu.`,
  cart: (lines, total) => `Your order:\n${lines}\n\nTotal: ${total}`,
  cartEmpty: 'Your order is empty. Type what you would like, or see the menu.',
  removed: (product) => `Removed ${product}.`,
  notInCart: (words) => `"${words}" is not in your order.`,
  cartCleared: 'Your order is empty again.',
  checkoutButton: 'Checkout',
  menuButton: 'Menu',
  cartButton: 'My order',
  humanButton: 'Talk to a person',
  askFulfilment: 'Delivery or pickup?',
  deliveryButton: 'Delivery',
  pickupButton: 'Pickup',
  askAddress: 'Where should we deliver? Send your address with the postcode, or share your location.',
  outsideZone: "Sorry, we don't deliver to that address. Would you like to pick it up instead, or try another address?",
  otherAddressButton: 'Other address',
  askPickupTime: 'When would you like to pick it up?',
  asapButton: 'As soon as possible',
  in30Button: 'In 30 minutes',
  in60Button: 'In 1 hour',
  preorderAt: (time) => `We're closed right now, so this is a pre-order for pickup ${time}.`,
  askPayment: (total) => `Total: ${total}. How would you like to pay?`,
  payOnlineButton: 'Pay online',
  cashButton: 'Cash on delivery',
  payAtPickupButton: 'Pay at pickup',
  payHere: (number, total) => `Order #${number} is almost done: please pay ${total} with this link.`,
  payButton: 'Pay now',
  confirmed: (number, total, tracking) => `Thank you! Order #${number} (${total}) is confirmed. Follow it here: ${tracking}`,
  priceChanged: (total) => `Some prices changed since you added them. The new total is ${total}. Shall I go on?`,
  soldOut: (item) => `Sorry, ${item} just sold out. I've left it in your order so you can remove it or change it.`,
  belowMinimum: (minimum) => `The minimum for delivery there is ${minimum}. Add something more, or choose pickup.`,
  closed: (opensAt) => (opensAt ? `We're closed right now. We open again ${opensAt}. I can still answer your questions.` : "We're closed right now. I can still answer your questions."),
  closedPreorder: (opensAt) => `We're closed right now. We open again ${opensAt}: you can pre-order for pickup then.`,
  orderStatus: (number, status, tracking) => `Order #${number}: ${status}. Follow it here: ${tracking}`,
  noOrder: "I can't find an order of yours yet. Would you like to see the menu?",
  status: {
    placed: 'received',
    awaiting_payment: 'waiting for payment',
    confirmed: 'confirmed',
    preparing: 'being prepared',
    ready: 'ready for pickup',
    out_for_delivery: 'on its way',
    delivered: 'delivered',
    picked_up: 'picked up',
    refunded: 'refunded',
    cancelled: 'cancelled',
    rejected: 'declined by the store',
  },
  reordered: (lines, total) => `Same as last time:\n${lines}\n\nTotal: ${total}`,
  help: 'Type what you would like ("2 large margheritas with extra cheese"), or: "menu", "my order", "checkout", "where is my order", "reorder", "agent" for a person, "stop" to receive nothing more. Language: English, Español, Français, Nederlands.',
  handOff: 'OK, a member of our team will answer you here shortly.',
  didNotUnderstand: 'Sorry, I didn\'t get that. Type what you would like (for example "2 margheritas"), or "menu".',
  offerHuman: "Sorry, I still didn't get that. Would you like to talk to a person?",
  optedOut: "You won't receive any more messages from us. Send START whenever you want to order again.",
  optedIn: 'Welcome back! You will receive our messages again.',
  languageSet: "I'll speak English from now on.",
  thanks: "You're welcome!",
  unsupported: "Sorry, I can't read this kind of message. Please write it as text.",
  mediaReceived: 'Thanks, I received it. I can only read text, so a member of our team will have a look if needed.',
  faq: {
    hours: 'Our opening hours:',
    address: 'You can find us at:',
    deliveryArea: 'We deliver to:',
    allergens: 'About allergens:',
    unknown: "I don't have that information; a member of our team can help. Type \"agent\".",
    alwaysOpen: 'We take orders at any time.',
  },
  error: 'Sorry, something went wrong on our side. Please try again in a moment.',
  sessionOver: 'The team has handed you back to me. What would you like?',
};

const es: AssistantTexts = {
  welcome: (store) => `¡Hola! Bienvenido a ${store}. ¿Qué te gustaría pedir? Escríbelo ("2 margaritas grandes") o elige en la carta.`,
  chooseCategory: '¿Qué te apetece?',
  menuEmpty: 'Ahora mismo no hay nada en la carta, lo siento.',
  categoriesButton: 'Carta',
  chooseProduct: (category) => `${category}: elige uno, o escribe lo que quieras.`,
  productsButton: 'Elegir',
  more: 'Más…',
  chooseVariant: (product) => `¿Qué ${product}?`,
  chooseModifier: (group, product) => `Para ${product}: ${group}`,
  optionsButton: 'Opciones',
  added: (lines, total) => `Añadido a tu pedido:\n${lines}\n\nTotal hasta ahora: ${total}`,
  notFound: (words) => `Lo siento, no encuentro "${words}" en la carta.`,
  cart: (lines, total) => `Tu pedido:\n${lines}\n\nTotal: ${total}`,
  cartEmpty: 'Tu pedido está vacío. Escribe lo que quieras o mira la carta.',
  removed: (product) => `He quitado ${product}.`,
  notInCart: (words) => `"${words}" no está en tu pedido.`,
  cartCleared: 'Tu pedido vuelve a estar vacío.',
  checkoutButton: 'Pagar',
  menuButton: 'Carta',
  cartButton: 'Mi pedido',
  humanButton: 'Hablar con alguien',
  askFulfilment: '¿A domicilio o para recoger?',
  deliveryButton: 'A domicilio',
  pickupButton: 'Recoger',
  askAddress: '¿Dónde lo entregamos? Envía tu dirección con el código postal, o comparte tu ubicación.',
  outsideZone: 'Lo siento, no repartimos en esa dirección. ¿Prefieres recogerlo o probar otra dirección?',
  otherAddressButton: 'Otra dirección',
  askPickupTime: '¿Cuándo quieres recogerlo?',
  asapButton: 'Lo antes posible',
  in30Button: 'En 30 minutos',
  in60Button: 'En 1 hora',
  preorderAt: (time) => `Ahora estamos cerrados: es un pedido anticipado para recoger el ${time}.`,
  askPayment: (total) => `Total: ${total}. ¿Cómo quieres pagar?`,
  payOnlineButton: 'Pagar en línea',
  cashButton: 'Efectivo al recibir',
  payAtPickupButton: 'Pagar al recoger',
  payHere: (number, total) => `El pedido #${number} está casi listo: paga ${total} con este enlace.`,
  payButton: 'Pagar ahora',
  confirmed: (number, total, tracking) => `¡Gracias! El pedido #${number} (${total}) está confirmado. Síguelo aquí: ${tracking}`,
  priceChanged: (total) => `Algunos precios han cambiado. El nuevo total es ${total}. ¿Continúo?`,
  soldOut: (item) => `Lo siento, ${item} se acaba de agotar. Lo he dejado en tu pedido para que lo quites o lo cambies.`,
  belowMinimum: (minimum) => `El mínimo para entregar allí es ${minimum}. Añade algo más o elige recoger.`,
  closed: (opensAt) => (opensAt ? `Ahora estamos cerrados. Abrimos de nuevo el ${opensAt}. Puedo responder a tus preguntas.` : 'Ahora estamos cerrados. Puedo responder a tus preguntas.'),
  closedPreorder: (opensAt) => `Ahora estamos cerrados. Abrimos de nuevo el ${opensAt}: puedes hacer un pedido anticipado para recogerlo entonces.`,
  orderStatus: (number, status, tracking) => `Pedido #${number}: ${status}. Síguelo aquí: ${tracking}`,
  noOrder: 'Todavía no encuentro ningún pedido tuyo. ¿Quieres ver la carta?',
  status: {
    placed: 'recibido',
    awaiting_payment: 'esperando el pago',
    confirmed: 'confirmado',
    preparing: 'en preparación',
    ready: 'listo para recoger',
    out_for_delivery: 'en camino',
    delivered: 'entregado',
    picked_up: 'recogido',
    refunded: 'reembolsado',
    cancelled: 'cancelado',
    rejected: 'rechazado por el local',
  },
  reordered: (lines, total) => `Lo mismo que la última vez:\n${lines}\n\nTotal: ${total}`,
  help: 'Escribe lo que quieras ("2 margaritas grandes con extra de queso"), o: "carta", "mi pedido", "pagar", "dónde está mi pedido", "repetir", "agente" para hablar con alguien, "baja" para no recibir más mensajes. Idioma: English, Español, Français, Nederlands.',
  handOff: 'De acuerdo, alguien de nuestro equipo te responderá aquí en breve.',
  didNotUnderstand: 'Perdona, no te he entendido. Escribe lo que quieras (por ejemplo "2 margaritas"), o "carta".',
  offerHuman: 'Perdona, sigo sin entenderte. ¿Quieres hablar con una persona?',
  optedOut: 'No recibirás más mensajes nuestros. Envía ALTA cuando quieras volver a pedir.',
  optedIn: '¡Bienvenido de nuevo! Volverás a recibir nuestros mensajes.',
  languageSet: 'A partir de ahora te hablaré en español.',
  thanks: '¡De nada!',
  unsupported: 'Lo siento, no puedo leer este tipo de mensaje. Escríbelo como texto, por favor.',
  mediaReceived: 'Gracias, lo he recibido. Solo puedo leer texto, así que alguien del equipo lo mirará si hace falta.',
  faq: {
    hours: 'Nuestro horario:',
    address: 'Nos encontrarás en:',
    deliveryArea: 'Repartimos en:',
    allergens: 'Sobre alérgenos:',
    unknown: 'No tengo esa información; alguien del equipo puede ayudarte. Escribe "agente".',
    alwaysOpen: 'Aceptamos pedidos a cualquier hora.',
  },
  error: 'Lo siento, algo ha fallado por nuestra parte. Inténtalo de nuevo en un momento.',
  sessionOver: 'El equipo me ha vuelto a pasar la conversación. ¿Qué te gustaría?',
};

const fr: AssistantTexts = {
  welcome: (store) => `Bonjour ! Bienvenue chez ${store}. Que souhaitez-vous commander ? Écrivez-le ("2 grandes margheritas") ou choisissez dans la carte.`,
  chooseCategory: 'Qu\'est-ce qui vous ferait plaisir ?',
  menuEmpty: "Il n'y a rien à la carte pour le moment, désolé.",
  categoriesButton: 'La carte',
  chooseProduct: (category) => `${category} : choisissez, ou écrivez ce que vous voulez.`,
  productsButton: 'Choisir',
  more: 'Plus…',
  chooseVariant: (product) => `Quelle ${product} ?`,
  chooseModifier: (group, product) => `Pour ${product} : ${group}`,
  optionsButton: 'Options',
  added: (lines, total) => `Ajouté à votre commande :\n${lines}\n\nTotal pour l'instant : ${total}`,
  notFound: (words) => `Désolé, je ne trouve pas « ${words} » dans la carte.`,
  cart: (lines, total) => `Votre commande :\n${lines}\n\nTotal : ${total}`,
  cartEmpty: 'Votre commande est vide. Écrivez ce que vous voulez, ou voyez la carte.',
  removed: (product) => `${product} retiré.`,
  notInCart: (words) => `« ${words} » n'est pas dans votre commande.`,
  cartCleared: 'Votre commande est de nouveau vide.',
  checkoutButton: 'Commander',
  menuButton: 'La carte',
  cartButton: 'Ma commande',
  humanButton: 'Parler à quelqu\'un',
  askFulfilment: 'Livraison ou à emporter ?',
  deliveryButton: 'Livraison',
  pickupButton: 'À emporter',
  askAddress: 'Où livrer ? Envoyez votre adresse avec le code postal, ou partagez votre position.',
  outsideZone: 'Désolé, nous ne livrons pas à cette adresse. Voulez-vous venir la chercher, ou essayer une autre adresse ?',
  otherAddressButton: 'Autre adresse',
  askPickupTime: 'Quand voulez-vous la récupérer ?',
  asapButton: 'Dès que possible',
  in30Button: 'Dans 30 minutes',
  in60Button: 'Dans 1 heure',
  preorderAt: (time) => `Nous sommes fermés en ce moment : c'est une précommande à récupérer ${time}.`,
  askPayment: (total) => `Total : ${total}. Comment souhaitez-vous payer ?`,
  payOnlineButton: 'Payer en ligne',
  cashButton: 'Espèces à la livraison',
  payAtPickupButton: 'Payer sur place',
  payHere: (number, total) => `La commande n°${number} est presque prête : payez ${total} avec ce lien.`,
  payButton: 'Payer',
  confirmed: (number, total, tracking) => `Merci ! La commande n°${number} (${total}) est confirmée. Suivez-la ici : ${tracking}`,
  priceChanged: (total) => `Certains prix ont changé. Le nouveau total est ${total}. Je continue ?`,
  soldOut: (item) => `Désolé, ${item} vient d'être épuisé. Je l'ai laissé dans votre commande pour que vous le retiriez ou le changiez.`,
  belowMinimum: (minimum) => `Le minimum pour livrer à cette adresse est ${minimum}. Ajoutez quelque chose, ou choisissez à emporter.`,
  closed: (opensAt) => (opensAt ? `Nous sommes fermés en ce moment. Nous rouvrons ${opensAt}. Je peux répondre à vos questions.` : 'Nous sommes fermés en ce moment. Je peux répondre à vos questions.'),
  closedPreorder: (opensAt) => `Nous sommes fermés en ce moment. Nous rouvrons ${opensAt} : vous pouvez précommander pour ce moment-là.`,
  orderStatus: (number, status, tracking) => `Commande n°${number} : ${status}. Suivez-la ici : ${tracking}`,
  noOrder: 'Je ne trouve pas encore de commande à votre nom. Voulez-vous voir la carte ?',
  status: {
    placed: 'reçue',
    awaiting_payment: 'en attente de paiement',
    confirmed: 'confirmée',
    preparing: 'en préparation',
    ready: 'prête à récupérer',
    out_for_delivery: 'en route',
    delivered: 'livrée',
    picked_up: 'récupérée',
    refunded: 'remboursée',
    cancelled: 'annulée',
    rejected: 'refusée par le restaurant',
  },
  reordered: (lines, total) => `Comme la dernière fois :\n${lines}\n\nTotal : ${total}`,
  help: 'Écrivez ce que vous voulez (« 2 grandes margheritas avec supplément fromage »), ou : « carte », « ma commande », « commander », « où est ma commande », « la même chose », « conseiller » pour parler à quelqu\'un, « stop » pour ne plus rien recevoir. Langue : English, Español, Français, Nederlands.',
  handOff: "D'accord, un membre de notre équipe va vous répondre ici.",
  didNotUnderstand: "Désolé, je n'ai pas compris. Écrivez ce que vous voulez (par exemple « 2 margheritas »), ou « carte ».",
  offerHuman: "Désolé, je ne comprends toujours pas. Voulez-vous parler à quelqu'un ?",
  optedOut: 'Vous ne recevrez plus de messages de notre part. Envoyez START quand vous voudrez commander à nouveau.',
  optedIn: 'Bon retour ! Vous recevrez de nouveau nos messages.',
  languageSet: 'Je vous parlerai en français désormais.',
  thanks: 'Avec plaisir !',
  unsupported: 'Désolé, je ne peux pas lire ce type de message. Écrivez-le en texte, s\'il vous plaît.',
  mediaReceived: "Merci, je l'ai bien reçu. Je ne lis que le texte : un membre de l'équipe y jettera un œil si besoin.",
  faq: {
    hours: "Nos horaires d'ouverture :",
    address: 'Vous nous trouverez au :',
    deliveryArea: 'Nous livrons :',
    allergens: 'Concernant les allergènes :',
    unknown: "Je n'ai pas cette information ; un membre de l'équipe peut vous aider. Écrivez « conseiller ».",
    alwaysOpen: 'Nous prenons les commandes à toute heure.',
  },
  error: 'Désolé, un problème est survenu de notre côté. Réessayez dans un instant.',
  sessionOver: "L'équipe m'a rendu la conversation. Que souhaitez-vous ?",
};

const nl: AssistantTexts = {
  welcome: (store) => `Hoi! Welkom bij ${store}. Wat wil je bestellen? Typ het ("2 grote margherita's") of kies uit het menu.`,
  chooseCategory: 'Waar heb je zin in?',
  menuEmpty: 'Er staat op dit moment niets op het menu, sorry.',
  categoriesButton: 'Menu',
  chooseProduct: (category) => `${category}: kies er een, of typ wat je wilt.`,
  productsButton: 'Kiezen',
  more: 'Meer…',
  chooseVariant: (product) => `Welke ${product}?`,
  chooseModifier: (group, product) => `Voor ${product}: ${group}`,
  optionsButton: 'Opties',
  added: (lines, total) => `Toegevoegd aan je bestelling:\n${lines}\n\nTotaal tot nu toe: ${total}`,
  notFound: (words) => `Sorry, ik kan "${words}" niet vinden op het menu.`,
  cart: (lines, total) => `Je bestelling:\n${lines}\n\nTotaal: ${total}`,
  cartEmpty: 'Je bestelling is leeg. Typ wat je wilt, of bekijk het menu.',
  removed: (product) => `${product} verwijderd.`,
  notInCart: (words) => `"${words}" zit niet in je bestelling.`,
  cartCleared: 'Je bestelling is weer leeg.',
  checkoutButton: 'Afrekenen',
  menuButton: 'Menu',
  cartButton: 'Mijn bestelling',
  humanButton: 'Met iemand praten',
  askFulfilment: 'Bezorgen of afhalen?',
  deliveryButton: 'Bezorgen',
  pickupButton: 'Afhalen',
  askAddress: 'Waar mogen we bezorgen? Stuur je adres met postcode, of deel je locatie.',
  outsideZone: 'Sorry, op dat adres bezorgen we niet. Wil je het afhalen, of een ander adres proberen?',
  otherAddressButton: 'Ander adres',
  askPickupTime: 'Wanneer wil je het afhalen?',
  asapButton: 'Zo snel mogelijk',
  in30Button: 'Over 30 minuten',
  in60Button: 'Over 1 uur',
  preorderAt: (time) => `We zijn nu gesloten: dit is een voorbestelling om af te halen op ${time}.`,
  askPayment: (total) => `Totaal: ${total}. Hoe wil je betalen?`,
  payOnlineButton: 'Online betalen',
  cashButton: 'Contant bij bezorging',
  payAtPickupButton: 'Betalen bij afhalen',
  payHere: (number, total) => `Bestelling #${number} is bijna klaar: betaal ${total} via deze link.`,
  payButton: 'Nu betalen',
  confirmed: (number, total, tracking) => `Bedankt! Bestelling #${number} (${total}) is bevestigd. Volg hem hier: ${tracking}`,
  priceChanged: (total) => `Sommige prijzen zijn veranderd. Het nieuwe totaal is ${total}. Zal ik doorgaan?`,
  soldOut: (item) => `Sorry, ${item} is net uitverkocht. Het staat nog in je bestelling, zodat je het kunt verwijderen of wijzigen.`,
  belowMinimum: (minimum) => `Het minimum voor bezorging daar is ${minimum}. Voeg iets toe, of kies afhalen.`,
  closed: (opensAt) => (opensAt ? `We zijn nu gesloten. We gaan weer open op ${opensAt}. Je vragen beantwoord ik graag.` : 'We zijn nu gesloten. Je vragen beantwoord ik graag.'),
  closedPreorder: (opensAt) => `We zijn nu gesloten. We gaan weer open op ${opensAt}: je kunt voorbestellen om dan af te halen.`,
  orderStatus: (number, status, tracking) => `Bestelling #${number}: ${status}. Volg hem hier: ${tracking}`,
  noOrder: 'Ik vind nog geen bestelling van je. Wil je het menu zien?',
  status: {
    placed: 'ontvangen',
    awaiting_payment: 'wacht op betaling',
    confirmed: 'bevestigd',
    preparing: 'wordt bereid',
    ready: 'klaar om af te halen',
    out_for_delivery: 'onderweg',
    delivered: 'bezorgd',
    picked_up: 'afgehaald',
    refunded: 'terugbetaald',
    cancelled: 'geannuleerd',
    rejected: 'geweigerd door de zaak',
  },
  reordered: (lines, total) => `Hetzelfde als vorige keer:\n${lines}\n\nTotaal: ${total}`,
  help: 'Typ wat je wilt ("2 grote margherita\'s met extra kaas"), of: "menu", "mijn bestelling", "afrekenen", "waar is mijn bestelling", "hetzelfde nog eens", "medewerker" voor een persoon, "stop" om niets meer te ontvangen. Taal: English, Español, Français, Nederlands.',
  handOff: 'Oké, iemand van ons team antwoordt je hier zo.',
  didNotUnderstand: 'Sorry, dat begreep ik niet. Typ wat je wilt (bijvoorbeeld "2 margherita\'s"), of "menu".',
  offerHuman: 'Sorry, ik begrijp het nog steeds niet. Wil je met iemand praten?',
  optedOut: 'Je ontvangt geen berichten meer van ons. Stuur START als je weer wilt bestellen.',
  optedIn: 'Welkom terug! Je ontvangt onze berichten weer.',
  languageSet: 'Ik spreek vanaf nu Nederlands.',
  thanks: 'Graag gedaan!',
  unsupported: 'Sorry, dit soort bericht kan ik niet lezen. Typ het alsjeblieft als tekst.',
  mediaReceived: 'Bedankt, ontvangen. Ik kan alleen tekst lezen, dus iemand van het team kijkt ernaar als dat nodig is.',
  faq: {
    hours: 'Onze openingstijden:',
    address: 'Je vindt ons op:',
    deliveryArea: 'We bezorgen in:',
    allergens: 'Over allergenen:',
    unknown: 'Die informatie heb ik niet; iemand van het team kan je helpen. Typ "medewerker".',
    alwaysOpen: 'We nemen altijd bestellingen aan.',
  },
  error: 'Sorry, er ging bij ons iets mis. Probeer het zo nog eens.',
  sessionOver: 'Het team heeft het gesprek aan mij teruggegeven. Wat wil je?',
};

export const ASSISTANT_TEXTS: Record<AssistantLanguage, AssistantTexts> = { en, es, fr, nl };
