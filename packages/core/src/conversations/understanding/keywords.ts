import type { AssistantLanguage, Intent } from '@parley/plugin-sdk';
import { ARTICLES } from './numbers';
import { allWords, type PerLanguage, sameWord, similar } from './text';

/**
 * strong: the message is about this whatever else it says ("do you deliver to Soho?");
 * weak: unless it also names items ("hi, 2 cokes please" adds the cokes);
 * whole: only when nothing else is said ("yes", "english please"): the words are too common inside sentences
 * ("yes, 2 cokes", "french fries").
 */
export type Strength = 'strong' | 'weak' | 'whole';

export interface KeywordRule {
  intent: Intent;
  strength: Strength;
  /** Folded (lowercase, no accents), words split at apostrophes and hyphens: "c'est tout" is "c est tout". */
  phrases: PerLanguage;
}

export const CART: PerLanguage = { en: ['cart', 'basket'], es: ['carrito', 'cesta', 'canasta'], fr: ['panier'], nl: ['winkelwagen', 'winkelmand', 'winkelmandje', 'mandje'] };

const LANGUAGE_NAMES: Record<AssistantLanguage, PerLanguage> = {
  en: { en: ['english'], es: ['ingles'], fr: ['anglais'], nl: ['engels'] },
  es: { en: ['spanish'], es: ['espanol', 'castellano'], fr: ['espagnol'], nl: ['spaans'] },
  fr: { en: ['french'], es: ['frances'], fr: ['francais'], nl: ['frans'] },
  nl: { en: ['dutch'], es: ['holandes', 'neerlandes'], fr: ['neerlandais'], nl: ['nederlands', 'hollands', 'vlaams'] },
};

/** "english", "idioma inglés", and the code after the word for language ("language es"). */
function languageRule(language: AssistantLanguage): KeywordRule {
  const names = LANGUAGE_NAMES[language];
  return {
    intent: { kind: 'language', language },
    strength: 'whole',
    phrases: {
      en: [...names.en, `language ${language}`],
      es: [...names.es, `idioma ${language}`],
      fr: [...names.fr, `langue ${language}`],
      nl: [...names.nl, `taal ${language}`],
    },
  };
}

/** In priority order: when a message says several, the first wins ("no thanks" is a no, "hi, menu?" the menu). */
export const KEYWORDS: KeywordRule[] = [
  {
    intent: { kind: 'stop' },
    strength: 'strong',
    phrases: { en: ['stop', 'unsubscribe', 'opt out'], es: ['baja', 'desuscribir', 'desuscribirme'], fr: ['arreter', 'arrete', 'desabonner', 'desinscrire'], nl: ['stop', 'afmelden', 'uitschrijven'] },
  },
  {
    intent: { kind: 'human' },
    strength: 'strong',
    phrases: {
      en: ['agent', 'human', 'real person', 'a person', 'someone', 'somebody', 'staff', 'operator', 'representative'],
      es: ['agente', 'humano', 'una persona', 'alguien', 'operador'],
      fr: ['humain', 'conseiller', 'conseillere', 'une personne', 'quelqu un', 'operateur'],
      nl: ['medewerker', 'mens', 'persoon', 'iemand'],
    },
  },
  {
    intent: { kind: 'order_status' },
    strength: 'strong',
    phrases: {
      en: ['where is my', 'wheres my', 'order status', 'status', 'track my order', 'how long'],
      es: ['donde esta mi', 'estado de mi pedido', 'estado del pedido', 'cuanto falta', 'cuanto tarda'],
      fr: ['ou est ma', 'ou est mon', 'ou en est', 'suivi', 'statut', 'combien de temps'],
      nl: ['waar is mijn', 'waar blijft', 'status', 'hoe lang'],
    },
  },
  {
    intent: { kind: 'reorder' },
    strength: 'strong',
    phrases: {
      en: ['reorder', 're order', 'same again', 'same as last time', 'order again', 'the usual'],
      es: ['lo mismo', 'el mismo', 'mismo pedido', 'repetir', 'lo de siempre'],
      fr: ['la meme chose', 'meme chose', 'recommander', 'comme d habitude', 'comme la derniere fois'],
      nl: ['hetzelfde', 'zoals vorige keer', 'zelfde als vorige keer'],
    },
  },
  {
    intent: { kind: 'faq', topic: 'hours' },
    strength: 'strong',
    phrases: {
      en: ['hours', 'opening', 'you open', 'open today', 'open now', 'you close', 'closing time'],
      es: ['horario', 'horarios', 'abren', 'abierto', 'abiertos', 'cierran'],
      fr: ['horaires', 'horaire', 'ouvert', 'ouverts', 'ouvrez', 'fermez', 'heures d ouverture'],
      nl: ['openingstijden', 'openingsuren', 'jullie open', 'geopend', 'sluiten jullie'],
    },
  },
  {
    intent: { kind: 'faq', topic: 'address' },
    strength: 'strong',
    phrases: {
      en: ['address', 'adress', 'where are you', 'location', 'located'],
      es: ['direccion', 'donde estan', 'donde quedan', 'ubicacion', 'ubicados'],
      fr: ['adresse', 'ou etes vous', 'ou vous trouvez', 'ou se trouve'],
      nl: ['adres', 'waar zitten jullie', 'waar zijn jullie', 'locatie'],
    },
  },
  {
    intent: { kind: 'faq', topic: 'delivery_area' },
    strength: 'strong',
    phrases: {
      en: ['you deliver', 'deliver to', 'delivery area', 'delivery zone'],
      es: ['reparto', 'a domicilio', 'entregan', 'envian', 'envios'],
      fr: ['livrez', 'zone de livraison', 'livraison a'],
      nl: ['bezorggebied', 'bezorgen jullie', 'jullie bezorgen', 'leveren jullie'],
    },
  },
  {
    intent: { kind: 'faq', topic: 'allergens' },
    strength: 'strong',
    phrases: {
      en: ['allergen', 'allergy', 'allergies', 'allergic', 'gluten', 'lactose'],
      es: ['alergeno', 'alergia', 'alergico', 'gluten', 'lactosa'],
      fr: ['allergene', 'allergie', 'allergique', 'gluten', 'lactose'],
      nl: ['allergeen', 'allergenen', 'allergie', 'allergieen', 'gluten', 'glutenvrij', 'lactose'],
    },
  },
  languageRule('en'),
  languageRule('es'),
  languageRule('fr'),
  languageRule('nl'),
  {
    intent: { kind: 'checkout' },
    strength: 'weak',
    phrases: {
      en: ['checkout', 'check out', 'pay', 'order now', 'place order', 'place my order', 'thats all', 'that is all', 'thats it', 'nothing else', 'done', 'finish'],
      es: ['pagar', 'finalizar', 'eso es todo', 'nada mas', 'listo', 'terminar', 'hacer el pedido'],
      fr: ['commander', 'payer', 'c est tout', 'rien d autre', 'terminer', 'valider', 'fini'],
      nl: ['afrekenen', 'bestellen', 'betalen', 'dat is alles', 'dat was het', 'klaar', 'verder niets'],
    },
  },
  { intent: { kind: 'cart' }, strength: 'weak', phrases: CART },
  {
    intent: { kind: 'menu' },
    strength: 'weak',
    phrases: {
      en: ['menu', 'what do you have', 'what do you sell', 'catalog'],
      es: ['carta', 'menu', 'que tienen', 'que hay', 'que venden'],
      fr: ['carte', 'menu', 'qu avez vous'],
      nl: ['menu', 'menukaart', 'kaart', 'wat hebben jullie'],
    },
  },
  {
    intent: { kind: 'help' },
    strength: 'weak',
    phrases: {
      en: ['help', 'how does it work', 'how does this work'],
      es: ['ayuda', 'como funciona'],
      fr: ['aide', 'comment ca marche', 'comment ca fonctionne'],
      nl: ['hulp', 'help', 'hoe werkt het', 'hoe werkt dit'],
    },
  },
  { intent: { kind: 'no' }, strength: 'whole', phrases: { en: ['no', 'nope', 'nah'], es: ['no'], fr: ['non'], nl: ['nee', 'neen', 'nein'] } },
  {
    intent: { kind: 'yes' },
    strength: 'whole',
    phrases: {
      en: ['yes', 'y', 'yeah', 'yep', 'yup', 'ok', 'okay', 'okey', 'sure', 'of course', 'correct'],
      es: ['si', 'vale', 'claro', 'de acuerdo', 'dale', 'ok', 'por supuesto', 'correcto'],
      fr: ['oui', 'ouais', 'd accord', 'bien sur', 'ok', 'parfait'],
      nl: ['ja', 'jazeker', 'prima', 'oke', 'is goed', 'akkoord', 'klopt'],
    },
  },
  {
    intent: { kind: 'start' },
    strength: 'weak',
    phrases: { en: ['start', 'subscribe', 'opt in'], es: ['alta', 'suscribir', 'suscribirme'], fr: ['commencer', 'abonner', 'inscrire'], nl: ['start', 'aanmelden', 'inschrijven'] },
  },
  {
    intent: { kind: 'thanks' },
    strength: 'weak',
    phrases: {
      en: ['thanks', 'thank you', 'thx', 'ty', 'cheers'],
      es: ['gracias', 'muchas gracias'],
      fr: ['merci', 'merci beaucoup'],
      nl: ['bedankt', 'dank je', 'dank u', 'dankjewel', 'dankuwel'],
    },
  },
  {
    intent: { kind: 'greet' },
    strength: 'weak',
    phrases: {
      en: ['hi', 'hello', 'hey', 'hiya', 'good morning', 'good afternoon', 'good evening'],
      es: ['hola', 'buenas', 'buenos dias', 'buenas tardes', 'buenas noches'],
      fr: ['bonjour', 'bonsoir', 'salut', 'coucou'],
      nl: ['hallo', 'hoi', 'hey', 'goedendag', 'goedemorgen', 'goedemiddag', 'goedenavond', 'dag'],
    },
  },
];

/** Politeness and glue: said around what matters, never what matters. */
export const FILLER: PerLanguage = {
  en: ['please', 'pls', 'plz', 'i', 'im', 'id', 'ill', 'want', 'wanna', 'would', 'like', 'can', 'could', 'may', 'get', 'have', 'need', 'give', 'me', 'my', 'the', 'some', 'to', 'for', 'of', 'is', 'are', 'it', 'its', 'this', 'that', 'do', 'you', 'your', 'we', 'us', 'also', 'too', 'just', 'show', 'see', 'send', 'order', 'now', 'what', 'whats', 'from', 'in', 'on', 'at', 'by', 'there', 'another', 'more', 'add', 'one', 'ones'],
  es: ['por', 'favor', 'porfa', 'porfavor', 'quiero', 'quisiera', 'queria', 'me', 'gustaria', 'dame', 'deme', 'ponme', 'pon', 'puedo', 'puede', 'podria', 'tener', 'pedir', 'el', 'la', 'los', 'las', 'lo', 'de', 'del', 'al', 'mi', 'mis', 'para', 'a', 'en', 'que', 'ver', 'tambien', 'otra', 'otro', 'mas', 'anade', 'anademe', 'agrega', 'agregame', 'es', 'esta', 'eso', 'esto'],
  fr: ['s', 'il', 'vous', 'plait', 'svp', 'stp', 'je', 'j', 'voudrais', 'veux', 'voudrait', 'aimerais', 'prendre', 'prends', 'donne', 'donnez', 'moi', 'me', 'le', 'la', 'les', 'l', 'des', 'du', 'de', 'd', 'mon', 'ma', 'mes', 'pour', 'a', 'au', 'aux', 'est', 'ce', 'c', 'que', 'qu', 'avez', 'montre', 'montrez', 'voir', 'aussi', 'encore', 'autre', 'ajoute', 'ajouter', 'rajoute', 'en', 'on'],
  nl: ['alsjeblieft', 'alstublieft', 'aub', 'graag', 'ik', 'wil', 'wilt', 'willen', 'zou', 'mag', 'kan', 'kunnen', 'krijgen', 'hebben', 'geef', 'me', 'mij', 'mijn', 'de', 'het', 'van', 'voor', 'nog', 'ook', 'even', 'laat', 'zien', 'toon', 'er', 'naar', 'in', 'uit', 'haal', 'voeg', 'toe', 'erbij', 'meer', 'is', 'dat', 'dit', 'u', 'je'],
};

/** Words that ask for something: with them, a product we don't find is still an order to answer. */
export const WANT: PerLanguage = {
  en: ['want', 'wanna', 'like', 'have', 'get', 'order', 'add'],
  es: ['quiero', 'quisiera', 'dame', 'ponme', 'pedir', 'anade', 'agrega'],
  fr: ['voudrais', 'veux', 'prends', 'prendre', 'ajoute'],
  nl: ['wil', 'graag', 'voeg'],
};

/** Split a message into items ("a margherita and a coke"). */
export const CONNECTORS: PerLanguage = { en: ['and'], es: ['y'], fr: ['et'], nl: ['en'] };
/** Start the modifiers of the item before ("a margherita with olives"). */
export const WITH: PerLanguage = { en: ['with'], es: ['con'], fr: ['avec'], nl: ['met'] };
/** Start what to leave out, which a cart line can't say: it is reported, never turned into modifiers. */
export const WITHOUT: PerLanguage = { en: ['without'], es: ['sin'], fr: ['sans'], nl: ['zonder'] };
/** Start modifiers too ("margherita extra cheese"), and add nothing to a modifier's name. */
export const EXTRA: PerLanguage = {
  en: ['extra', 'extras', 'additional', 'double'],
  es: ['extra', 'suplemento', 'doble'],
  fr: ['extra', 'supplement', 'plus', 'double'],
  nl: ['extra', 'dubbel'],
};
/** Around a language's name: "do you speak english", "idioma inglés". */
export const LANGUAGE_CUES: PerLanguage = {
  en: ['language', 'speak', 'switch', 'change'],
  es: ['idioma', 'lengua', 'habla', 'hablas', 'hablar', 'cambiar'],
  fr: ['langue', 'parlez', 'parles', 'parler', 'changer'],
  nl: ['taal', 'spreek', 'spreekt', 'spreken', 'wissel'],
};

export const FILLER_WORDS = allWords(FILLER);
export const WANT_WORDS = allWords(WANT);
export const CONNECTOR_WORDS = allWords(CONNECTORS);
export const WITHOUT_WORDS = allWords(WITHOUT);
export const EXTRA_WORDS = allWords(EXTRA);
/** Where the modifiers of an item start. */
export const CLAUSE_WORDS = allWords(WITH, WITHOUT, EXTRA);
/** Words that leave a message's meaning to the others. */
export const NEUTRAL_WORDS = allWords(FILLER, CONNECTORS, WITH, WITHOUT, LANGUAGE_CUES, ARTICLES);

export interface KeywordMatch {
  intent: Intent;
  strength: Strength;
  /** The words it covers, by index. */
  start: number;
  length: number;
}

interface Phrase {
  words: string[];
  /** Per word: whether a typo is forgiven. Strong keywords act whatever else is said, so only long ones are. */
  loose: boolean[];
  rule: KeywordRule;
  priority: number;
}

const PHRASES: Phrase[] = KEYWORDS.flatMap((rule, priority) =>
  Object.values(rule.phrases)
    .flat()
    .map((text) => {
      const words = text.split(' ');
      return { words, loose: words.map((word) => rule.strength !== 'strong' || word.length >= 7), rule, priority };
    }),
);

// Phrases by their first word; first words under themselves and each of their one-letter deletions, since any
// word a typo or a plural away shares one of those with it: a word is only compared with the few that can match.
const BY_FIRST_WORD = new Map<string, Phrase[]>();
for (const phrase of PHRASES) BY_FIRST_WORD.set(phrase.words[0], [...(BY_FIRST_WORD.get(phrase.words[0]) ?? []), phrase]);
const BY_DELETION = new Map<string, string[]>();
for (const first of BY_FIRST_WORD.keys()) {
  for (const key of deletions(first)) BY_DELETION.set(key, [...(BY_DELETION.get(key) ?? []), first]);
}

function deletions(word: string): string[] {
  return [word, ...Array.from(word, (_, at) => word.slice(0, at) + word.slice(at + 1))];
}

function phrasesStartingLike(word: string): Phrase[] {
  const firsts = new Set(deletions(word).flatMap((key) => BY_DELETION.get(key) ?? []));
  return [...firsts].filter((first) => similar(word, first)).flatMap((first) => BY_FIRST_WORD.get(first) ?? []);
}

/** The keywords said in the folded words, one per word, in priority order. */
export function findKeywords(words: string[]): KeywordMatch[] {
  const candidates: { phrase: Phrase; start: number; exact: number }[] = [];
  for (const [start, word] of words.entries()) {
    for (const phrase of phrasesStartingLike(word)) {
      const exact = wordsMatched(words, start, phrase);
      if (exact !== undefined) candidates.push({ phrase, start, exact });
    }
  }
  // Each word goes to its longest phrase, then to the one said without typos ("cart" is the cart, not a "carta").
  candidates.sort((a, b) => b.phrase.words.length - a.phrase.words.length || b.exact - a.exact || a.phrase.priority - b.phrase.priority);
  const taken = new Set<number>();
  const found: (KeywordMatch & { priority: number })[] = [];
  for (const { phrase, start } of candidates) {
    const span = phrase.words.map((_, offset) => start + offset);
    if (span.some((index) => taken.has(index))) continue;
    span.forEach((index) => taken.add(index));
    found.push({ intent: { ...phrase.rule.intent }, strength: phrase.rule.strength, start, length: span.length, priority: phrase.priority });
  }
  return found.sort((a, b) => a.priority - b.priority).map(({ priority: _, ...match }) => match);
}

/** How many words match exactly, if all match. */
function wordsMatched(words: string[], start: number, phrase: Phrase): number | undefined {
  if (start + phrase.words.length > words.length) return undefined;
  let exact = 0;
  for (const [offset, word] of phrase.words.entries()) {
    const said = words[start + offset];
    if (sameWord(said, word)) exact++;
    else if (!phrase.loose[offset] || !similar(said, word)) return undefined;
  }
  return exact;
}
