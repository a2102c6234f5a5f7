import type { Intent, UnderstandingInput, UnderstandingMenu, Understood } from '@parley/plugin-sdk';
import { NUMBER_WORDS } from './numbers';
import { RulesUnderstanding } from './rules-understanding';

const size = (id: string, label: string) => ({ id, sku: id.toUpperCase(), label, options: [{ name: 'Size', value: label }] });
const extras = {
  id: 'g-extras',
  name: 'Extras',
  minSelect: 0,
  maxSelect: 3,
  modifiers: [
    { id: 'm-cheese', name: 'Extra cheese' },
    { id: 'm-olives', name: 'Olives' },
    { id: 'm-mushrooms', name: 'Mushrooms' },
  ],
};
const crust = {
  id: 'g-crust',
  name: 'Crust',
  minSelect: 1,
  maxSelect: 1,
  modifiers: [
    { id: 'm-thin', name: 'Thin' },
    { id: 'm-thick', name: 'Thick' },
  ],
};

const MENU: UnderstandingMenu = {
  language: 'en',
  categories: [
    { id: 'c-pizzas', name: 'Pizzas' },
    { id: 'c-drinks', name: 'Drinks' },
    { id: 'c-desserts', name: 'Desserts' },
  ],
  products: [
    {
      id: 'p-margherita',
      sku: 'MARG',
      name: 'Margherita',
      categoryId: 'c-pizzas',
      variants: [size('v-marg-s', 'Small'), size('v-marg-m', 'Medium'), size('v-marg-l', 'Large')],
      modifierGroups: [extras, crust],
    },
    {
      id: 'p-diavola',
      sku: 'DIAV',
      name: 'Diavola',
      categoryId: 'c-pizzas',
      variants: [size('v-diav-m', 'Medium'), size('v-diav-l', 'Large')],
      modifierGroups: [extras],
    },
    { id: 'p-coke', sku: 'COKE', name: 'Coca-Cola', categoryId: 'c-drinks', variants: [size('v-coke', '330 ml')], modifierGroups: [] },
    { id: 'p-tiramisu', sku: 'TIRA', name: 'Tiramisu', categoryId: 'c-desserts', variants: [{ id: 'v-tira', sku: 'TIRA', label: '', options: [] }], modifierGroups: [] },
  ],
};

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const wordsOf = (text: string) => fold(text).replace(/'/g, '').split(/[^\p{L}\p{N}]+/u).filter(Boolean);

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** Like the catalog's search (MiniSearch, fuzzy and prefix): a query word finds a name word within 2 edits. */
function wordMatches(query: string, name: string): boolean {
  const singular = query.replace(/s$/, '');
  if (query === name || singular === name || (query.length >= 3 && name.startsWith(query))) return true;
  return query.length >= 4 && (distance(query, name) <= 2 || distance(singular, name) <= 2);
}

/** The products whose names the words point at, best first; like the real one, always with a variant. */
async function searchProducts(menu: UnderstandingMenu, text: string) {
  const query = wordsOf(text);
  return menu.products
    .map((product) => ({ product, score: query.filter((word) => wordsOf(product.name).some((name) => wordMatches(word, name))).length }))
    .filter((hit) => hit.score > 0)
    .sort((a, b) => b.score - a.score)
    .map((hit) => ({ productId: hit.product.id, variantId: hit.product.variants[0].id, score: hit.score }));
}

const understanding = new RulesUnderstanding();
let searched: string[] = [];

function understand(text: string, extra: Partial<UnderstandingInput> = {}): Promise<Understood> {
  const menu = extra.menu ?? MENU;
  return understanding.understand({
    text,
    language: 'en',
    menu,
    offered: [],
    searchProducts: (words) => {
      searched.push(words);
      return searchProducts(menu, words);
    },
    ...extra,
  });
}

async function intentOf(text: string, extra: Partial<UnderstandingInput> = {}): Promise<Intent> {
  return (await understand(text, extra)).intent;
}

const item = (productId: string, quantity: number, rest: { variantId?: string; modifierIds?: string[] } = {}) =>
  expect.objectContaining({ productId, quantity, modifierIds: rest.modifierIds ?? [], ...(rest.variantId ? { variantId: rest.variantId } : {}) });

beforeEach(() => {
  searched = [];
});

describe('RulesUnderstanding', () => {
  it('is the core rules', () => {
    expect(understanding.code).toBe('rules');
  });

  describe('items', () => {
    it('reads several items with sizes, modifiers and quantities, searching only for the product words', async () => {
      const understood = await understand('2 large margheritas with extra cheese and 1 coke');
      expect(understood).toEqual({
        intent: {
          kind: 'add',
          items: [
            { productId: 'p-margherita', variantId: 'v-marg-l', quantity: 2, modifierIds: ['m-cheese'], text: '2 large margheritas with extra cheese' },
            { productId: 'p-coke', variantId: 'v-coke', quantity: 1, modifierIds: [], text: '1 coke' },
          ],
          unmatched: [],
        },
        detectedLanguage: 'en',
      });
      expect(searched).toEqual(['margheritas', 'coca cola']);
    });

    it('names a variant only when one was said, or when there is only one', async () => {
      expect(await intentOf('a margherita')).toEqual({ kind: 'add', items: [{ productId: 'p-margherita', quantity: 1, modifierIds: [], text: 'a margherita' }], unmatched: [] });
      expect(await intentOf('a tiramisu')).toEqual({ kind: 'add', items: [item('p-tiramisu', 1, { variantId: 'v-tira' })], unmatched: [] });
      // Diavola comes medium or large: "small" names neither, and nothing is guessed.
      const diavola = await intentOf('a small diavola');
      expect(diavola).toEqual({ kind: 'add', items: [{ productId: 'p-diavola', quantity: 1, modifierIds: [], text: 'a small diavola' }], unmatched: [] });
    });

    it.each([
      ['1 diavola, 2 tiramisu', [item('p-diavola', 1), item('p-tiramisu', 2)]],
      ['1 diavola 2 tiramisu', [item('p-diavola', 1), item('p-tiramisu', 2)]],
      ['2 margheritas\n1 coke', [item('p-margherita', 2), item('p-coke', 1)]],
      ['margherita + coke', [item('p-margherita', 1), item('p-coke', 1)]],
      ['- 1 tiramisu\n- 3 cokes', [item('p-tiramisu', 1), item('p-coke', 3)]],
      ['a margherita and a coke', [item('p-margherita', 1), item('p-coke', 1)]],
    ])('splits %j into items', async (text, items) => {
      expect(await intentOf(text)).toEqual({ kind: 'add', items, unmatched: [] });
    });

    it.each([
      ['2x coke', 2],
      ['coke x2', 2],
      ['2 x coke', 2],
      ['coke x 3', 3],
      ['tiramisu 4', 4],
      ['a couple of cokes', 2],
      ['an tiramisu', 1],
    ])('reads the quantity of %j', async (text, quantity) => {
      expect(await intentOf(text)).toEqual({ kind: 'add', items: [expect.objectContaining({ quantity })], unmatched: [] });
    });

    describe.each(Object.entries(NUMBER_WORDS))('number words in %s', (_, words) => {
      it.each(words.map((word, position) => [word, position + 1] as const))('%s tiramisu is %i', async (word, quantity) => {
        expect(await intentOf(`${word} tiramisu`)).toEqual({ kind: 'add', items: [item('p-tiramisu', quantity, { variantId: 'v-tira' })], unmatched: [] });
      });
    });

    it.each(['un', 'una', 'une', 'een', 'an', 'a'])('%s is one', async (article) => {
      expect(await intentOf(`${article} coca`)).toEqual({ kind: 'add', items: [item('p-coke', 1, { variantId: 'v-coke' })], unmatched: [] });
    });

    it.each([
      ['dos margaritas grandes', 'es', [item('p-margherita', 2, { variantId: 'v-marg-l' })]],
      ['quiero una margarita pequeña con extra queso y una coca', 'es', [item('p-margherita', 1, { variantId: 'v-marg-s', modifierIds: ['m-cheese'] }), item('p-coke', 1)]],
      ['una margarita mediana con aceitunas y champiñones', 'es', [item('p-margherita', 1, { variantId: 'v-marg-m', modifierIds: ['m-olives', 'm-mushrooms'] })]],
      ['tres tiramisús', 'es', [item('p-tiramisu', 3)]],
      ['deux cocas', 'fr', [item('p-coke', 2, { variantId: 'v-coke' })]],
      ['une grande margherita avec fromage et olives', 'fr', [item('p-margherita', 1, { variantId: 'v-marg-l', modifierIds: ['m-cheese', 'm-olives'] })]],
      ['je voudrais dix-huit cocas et une petite margherita', 'fr', [item('p-coke', 18), item('p-margherita', 1, { variantId: 'v-marg-s' })]],
      ['twee grote margherita’s met extra kaas', 'nl', [item('p-margherita', 2, { variantId: 'v-marg-l', modifierIds: ['m-cheese'] })]],
      ['drie middel margherita’s met champignons en olijven', 'nl', [item('p-margherita', 3, { variantId: 'v-marg-m', modifierIds: ['m-mushrooms', 'm-olives'] })]],
      ['een cola en twee tiramisu', 'nl', [item('p-coke', 1), item('p-tiramisu', 2)]],
    ])('reads %j (%s)', async (text, language, items) => {
      expect(await understand(text)).toEqual({ intent: { kind: 'add', items, unmatched: [] }, detectedLanguage: language });
    });

    it('strips sizes and modifiers in any language before searching', async () => {
      await understand('twee grote margherita’s met extra kaas');
      await understand('dos margaritas grandes con champiñones');
      expect(searched).toEqual(['margheritas', 'margaritas']);
    });

    it.each([
      ['margherita extra cheese', ['m-cheese']],
      ['margherita with olives and mushrooms', ['m-olives', 'm-mushrooms']],
      ['margherita with extra cheese, olives and thin crust', ['m-cheese', 'm-olives', 'm-thin']],
      ['margherita with champignons', ['m-mushrooms']],
      ['margherita with mushroms', ['m-mushrooms']],
      ['margherita, with olives', ['m-olives']],
    ])('attaches the modifiers of %j', async (text, modifierIds) => {
      expect(await intentOf(text)).toEqual({ kind: 'add', items: [item('p-margherita', 1, { modifierIds })], unmatched: [] });
    });

    it('never invents a modifier: unknown or removed ones are reported', async () => {
      expect(await intentOf('margherita with pineapple')).toEqual({ kind: 'add', items: [item('p-margherita', 1)], unmatched: ['pineapple'] });
      expect(await intentOf('margherita without olives')).toEqual({ kind: 'add', items: [item('p-margherita', 1)], unmatched: ['without olives'] });
      expect(await intentOf('una margarita sin aceitunas')).toEqual({ kind: 'add', items: [item('p-margherita', 1)], unmatched: ['sin aceitunas'] });
      // Coca-Cola has no modifiers at all.
      expect(await intentOf('coke with extra cheese')).toEqual({ kind: 'add', items: [item('p-coke', 1)], unmatched: ['cheese'] });
    });

    it('reads a size alone as the product before or after it', async () => {
      const twoSizes = [item('p-margherita', 1, { variantId: 'v-marg-l' }), item('p-margherita', 1, { variantId: 'v-marg-s' })];
      expect(await intentOf('a large margherita and a small one')).toEqual({ kind: 'add', items: twoSizes, unmatched: [] });
      expect(await intentOf('one large and one small margherita')).toEqual({ kind: 'add', items: twoSizes, unmatched: [] });
      expect(await intentOf('una margarita grande y una pequeña')).toEqual({ kind: 'add', items: twoSizes, unmatched: [] });
      // Without a number, the size of the item before.
      expect(await intentOf('2 margheritas, large')).toEqual({ kind: 'add', items: [item('p-margherita', 2, { variantId: 'v-marg-l' })], unmatched: [] });
      // Never searched alone: the catalog would find any product that comes large.
      expect(await intentOf('a large one please')).toEqual({ kind: 'unknown' });
      expect(searched).toEqual(['margherita', 'margherita', 'margarita', 'margheritas']);
    });

    it('finds modifiers among the words searched with the product', async () => {
      expect(await intentOf('margherita large thin crust')).toEqual({ kind: 'add', items: [item('p-margherita', 1, { variantId: 'v-marg-l', modifierIds: ['m-thin'] })], unmatched: [] });
      // Words of the search that are no modifier are not reported: they found the product.
      expect(await intentOf('margherita pizza')).toEqual({ kind: 'add', items: [item('p-margherita', 1)], unmatched: [] });
    });

    it('keeps "and", "con" and numbers inside a product name', async () => {
      const menu: UnderstandingMenu = {
        ...MENU,
        products: [
          ...MENU.products,
          { id: 'p-fish', sku: 'FISH', name: 'Fish & Chips', categoryId: 'c-mains', variants: [size('v-fish', 'Regular')], modifierGroups: [] },
          { id: 'p-chili', sku: 'CHILI', name: 'Chili con carne', categoryId: 'c-mains', variants: [size('v-chili', 'Bowl')], modifierGroups: [] },
          { id: 'p-stagioni', sku: 'STAG', name: 'Pizza 4 stagioni', categoryId: 'c-pizzas', variants: [size('v-stag', 'Regular')], modifierGroups: [] },
        ],
      };
      const intent = await intentOf('1 fish and chips and a coke, chili con carne con queso, 2 pizza 4 stagioni 3 tiramisu', { menu });
      expect(intent).toEqual({
        kind: 'add',
        items: [item('p-fish', 1), item('p-coke', 1), item('p-chili', 1), item('p-stagioni', 2), item('p-tiramisu', 3)],
        unmatched: ['queso'],
      });
    });

    it('reads "with a coke" as another item, not a modifier', async () => {
      expect(await intentOf('a margherita with a coke')).toEqual({ kind: 'add', items: [item('p-margherita', 1), item('p-coke', 1)], unmatched: [] });
      expect(await intentOf('una margarita con 2 cocas')).toEqual({ kind: 'add', items: [item('p-margherita', 1), item('p-coke', 2)], unmatched: [] });
    });

    it('forgives typos in sizes', async () => {
      expect(await intentOf('2 lagre margheritas')).toEqual({ kind: 'add', items: [item('p-margherita', 2, { variantId: 'v-marg-l' })], unmatched: [] });
      expect(await intentOf('MEDUIM Diavola')).toEqual({ kind: 'add', items: [item('p-diavola', 1, { variantId: 'v-diav-m' })], unmatched: [] });
    });

    it('reports the phrases no product matches, and keeps the others', async () => {
      expect(await intentOf('2 hawaiian pizzas and 1 coke')).toEqual({ kind: 'add', items: [item('p-coke', 1)], unmatched: ['hawaiian pizzas'] });
      expect(await intentOf('I want a hawaiian')).toEqual({ kind: 'add', items: [], unmatched: ['hawaiian'] });
      expect(await intentOf('quiero una hawaiana')).toEqual({ kind: 'add', items: [], unmatched: ['hawaiana'] });
    });

    it.each([
      'please can I have 2 margheritas',
      'I want 2 margheritas please',
      'quiero dos margaritas por favor',
      'je voudrais deux margheritas s’il vous plaît',
      'ik wil graag twee margherita’s',
      'hi! 2 margheritas please 🍕🍕',
      'hola, buenas, 2 margaritas gracias',
      'yes, 2 margheritas',
      '2 margheritas and checkout',
      'ok 2 margheritas thanks',
      'add 2 margheritas to my cart',
    ])('adds the items of %j, whatever else it says', async (text) => {
      expect(await intentOf(text)).toEqual({ kind: 'add', items: [item('p-margherita', 2)], unmatched: [] });
    });

    it('keeps the words that named an item, as typed', async () => {
      const intent = await intentOf('Hi!! 2 LARGE Margheritas con EXTRA queso, please');
      expect(intent).toEqual({ kind: 'add', items: [expect.objectContaining({ text: '2 LARGE Margheritas con EXTRA queso', modifierIds: ['m-cheese'] })], unmatched: [] });
    });
  });

  describe('categories', () => {
    it.each([
      ['pizzas', 'c-pizzas'],
      ['Pizza?', 'c-pizzas'],
      ['show me the drinks', 'c-drinks'],
      ['desserts menu', 'c-desserts'],
      ['2 pizzas', 'c-pizzas'],
      ['bonjour je voudrais une pizza', 'c-pizzas'],
    ])('%j asks for the section', async (text, categoryId) => {
      expect(await intentOf(text)).toEqual({ kind: 'menu', categoryId });
    });

    it('reads a name shared by a product and a section as the product', async () => {
      const menu = { ...MENU, categories: [...MENU.categories, { id: 'c-tiramisu', name: 'Tiramisu' }] };
      expect(await intentOf('2 tiramisu', { menu })).toEqual({ kind: 'add', items: [item('p-tiramisu', 2)], unmatched: [] });
    });

    it('names other items alongside a section as unmatched', async () => {
      expect(await intentOf('1 coke and pizzas')).toEqual({ kind: 'add', items: [item('p-coke', 1)], unmatched: ['pizzas'] });
    });
  });

  describe('cart edits', () => {
    it.each([
      ['remove the coke', 'en', 'coke'],
      ['quita la coca', 'es', 'coca'],
      ['enlève le coca', 'fr', 'coca'],
      ['haal de cola weg', 'nl', 'cola'],
      ['delete 1 large margherita', 'en', 'margherita'],
      ['remove all the cokes', 'en', 'cokes'],
      ['remove the coke and the margherita', 'en', 'coke'],
    ])('%j removes a product', async (text, language, words) => {
      const productId = words.startsWith('margherita') ? 'p-margherita' : 'p-coke';
      expect(await understand(text)).toEqual({ intent: { kind: 'remove', productId, text: words }, detectedLanguage: language });
    });

    it('removes what it cannot find by its words only', async () => {
      expect(await intentOf('remove the calzone')).toEqual({ kind: 'remove', text: 'calzone' });
      expect(await intentOf('remove')).toEqual({ kind: 'remove', text: '' });
    });

    it.each([
      ['make it 3', 3],
      ['que sean 3', 3],
      ['plutôt 3', 3],
      ['maak er 3 van', 3],
      ['make it four', 4],
    ])('%j sets the quantity', async (text, quantity) => {
      expect(await intentOf(text)).toEqual({ kind: 'set_quantity', quantity });
    });

    it('sets the quantity of the product named', async () => {
      expect(await intentOf('make it 3 margheritas')).toEqual({ kind: 'set_quantity', productId: 'p-margherita', quantity: 3 });
      expect(await intentOf('3 margheritas instead')).toEqual({ kind: 'set_quantity', productId: 'p-margherita', quantity: 3 });
      expect(await intentOf('mejor 2 cocas')).toEqual({ kind: 'set_quantity', productId: 'p-coke', quantity: 2 });
      expect(await intentOf('twee cola toch')).toEqual({ kind: 'set_quantity', productId: 'p-coke', quantity: 2 });
    });

    it.each(['empty the cart', 'clear my basket', 'vaciar el carrito', 'quita todo', 'vider le panier', 'tout supprimer', 'leeg', 'maak mijn mandje leeg', 'remove everything', 'delete my cart'])(
      '%j empties the cart',
      async (text) => {
        expect(await intentOf(text)).toEqual({ kind: 'clear_cart' });
      },
    );
  });

  describe('keywords', () => {
    it.each<[string, Intent]>([
      ['menu', { kind: 'menu' }],
      ['Show me the menu please', { kind: 'menu' }],
      ['la carta', { kind: 'menu' }],
      ['el menú', { kind: 'menu' }],
      ['la carte', { kind: 'menu' }],
      ['menukaart', { kind: 'menu' }],
      ['mag ik de kaart zien?', { kind: 'menu' }],
      ['cart', { kind: 'cart' }],
      ["what's in my basket?", { kind: 'cart' }],
      ['carrito', { kind: 'cart' }],
      ['mon panier', { kind: 'cart' }],
      ['winkelwagen', { kind: 'cart' }],
      ['mandje', { kind: 'cart' }],
      ['checkout', { kind: 'checkout' }],
      ['I want to pay', { kind: 'checkout' }],
      ['order now', { kind: 'checkout' }],
      ["that's all", { kind: 'checkout' }],
      ['pagar', { kind: 'checkout' }],
      ['finalizar', { kind: 'checkout' }],
      ['commander', { kind: 'checkout' }],
      ['payer', { kind: 'checkout' }],
      ['afrekenen', { kind: 'checkout' }],
      ['bestellen', { kind: 'checkout' }],
      ['help', { kind: 'help' }],
      ['ayuda', { kind: 'help' }],
      ['aide', { kind: 'help' }],
      ['hulp', { kind: 'help' }],
      ['agent', { kind: 'human' }],
      ['I want to talk to a human', { kind: 'human' }],
      ['staff', { kind: 'human' }],
      ['agente', { kind: 'human' }],
      ['quiero hablar con una persona', { kind: 'human' }],
      ['humain', { kind: 'human' }],
      ['un conseiller svp', { kind: 'human' }],
      ['medewerker', { kind: 'human' }],
      ['een mens graag', { kind: 'human' }],
      ['STOP', { kind: 'stop' }],
      ['unsubscribe', { kind: 'stop' }],
      ['baja', { kind: 'stop' }],
      ['arrêter', { kind: 'stop' }],
      ['afmelden', { kind: 'stop' }],
      ['start', { kind: 'start' }],
      ['subscribe', { kind: 'start' }],
      ['alta', { kind: 'start' }],
      ['commencer', { kind: 'start' }],
      ['aanmelden', { kind: 'start' }],
      ['english', { kind: 'language', language: 'en' }],
      ['In English please', { kind: 'language', language: 'en' }],
      ['español', { kind: 'language', language: 'es' }],
      ['espanol', { kind: 'language', language: 'es' }],
      ['idioma inglés', { kind: 'language', language: 'en' }],
      ['language es', { kind: 'language', language: 'es' }],
      ['français', { kind: 'language', language: 'fr' }],
      ['francais', { kind: 'language', language: 'fr' }],
      ['nederlands', { kind: 'language', language: 'nl' }],
      ['do you speak dutch?', { kind: 'language', language: 'nl' }],
      ['hi', { kind: 'greet' }],
      ['Hello!! 👋', { kind: 'greet' }],
      ['hola', { kind: 'greet' }],
      ['buenas', { kind: 'greet' }],
      ['bonjour', { kind: 'greet' }],
      ['salut', { kind: 'greet' }],
      ['hallo', { kind: 'greet' }],
      ['goedendag', { kind: 'greet' }],
      ['yes', { kind: 'yes' }],
      ['y', { kind: 'yes' }],
      ['ok', { kind: 'yes' }],
      ['sure', { kind: 'yes' }],
      ['sí', { kind: 'yes' }],
      ['si', { kind: 'yes' }],
      ['vale', { kind: 'yes' }],
      ['oui', { kind: 'yes' }],
      ["d'accord", { kind: 'yes' }],
      ['ja', { kind: 'yes' }],
      ['yes please', { kind: 'yes' }],
      ['no', { kind: 'no' }],
      ['non', { kind: 'no' }],
      ['nee', { kind: 'no' }],
      ['nein', { kind: 'no' }],
      ['no thanks', { kind: 'no' }],
      ['where is my order?', { kind: 'order_status' }],
      ["where's my pizza", { kind: 'order_status' }],
      ['¿dónde está mi pedido?', { kind: 'order_status' }],
      ['où est ma commande ?', { kind: 'order_status' }],
      ['waar is mijn bestelling', { kind: 'order_status' }],
      ['status', { kind: 'order_status' }],
      ['reorder', { kind: 'reorder' }],
      ['same again please', { kind: 'reorder' }],
      ['lo mismo', { kind: 'reorder' }],
      ['repetir', { kind: 'reorder' }],
      ['la même chose', { kind: 'reorder' }],
      ['hetzelfde nog eens', { kind: 'reorder' }],
      ['opening hours', { kind: 'faq', topic: 'hours' }],
      ['when are you open?', { kind: 'faq', topic: 'hours' }],
      ['horario', { kind: 'faq', topic: 'hours' }],
      ['horaires', { kind: 'faq', topic: 'hours' }],
      ['openingstijden', { kind: 'faq', topic: 'hours' }],
      ['address', { kind: 'faq', topic: 'address' }],
      ['where are you?', { kind: 'faq', topic: 'address' }],
      ['dirección', { kind: 'faq', topic: 'address' }],
      ['adresse', { kind: 'faq', topic: 'address' }],
      ['adres', { kind: 'faq', topic: 'address' }],
      ['do you deliver to Soho?', { kind: 'faq', topic: 'delivery_area' }],
      ['delivery area', { kind: 'faq', topic: 'delivery_area' }],
      ['zona de reparto', { kind: 'faq', topic: 'delivery_area' }],
      ['zone de livraison', { kind: 'faq', topic: 'delivery_area' }],
      ['bezorggebied', { kind: 'faq', topic: 'delivery_area' }],
      ['allergens', { kind: 'faq', topic: 'allergens' }],
      ['is the diavola gluten free?', { kind: 'faq', topic: 'allergens' }],
      ['alérgenos', { kind: 'faq', topic: 'allergens' }],
      ['allergènes', { kind: 'faq', topic: 'allergens' }],
      ['allergenen', { kind: 'faq', topic: 'allergens' }],
      ['thanks', { kind: 'thanks' }],
      ['thank you!', { kind: 'thanks' }],
      ['gracias', { kind: 'thanks' }],
      ['merci', { kind: 'thanks' }],
      ['bedankt', { kind: 'thanks' }],
      ['dank je', { kind: 'thanks' }],
    ])('%j is %j', async (text, intent) => {
      expect(await intentOf(text)).toEqual(intent);
    });

    it.each<[string, Intent]>([
      ['chekout', { kind: 'checkout' }],
      ['menue', { kind: 'menu' }],
      ['carito', { kind: 'cart' }],
      ['gracais', { kind: 'thanks' }],
      ['afreknen', { kind: 'checkout' }],
      ['unsubscibe', { kind: 'stop' }],
      ['  MENU!!!  ', { kind: 'menu' }],
      ['Menú 📋', { kind: 'menu' }],
    ])('forgives %j', async (text, intent) => {
      expect(await intentOf(text)).toEqual(intent);
    });

    it('reads a word as itself before reading it as a typo of another', async () => {
      // "cart" is one letter from "carta" (the menu in Spanish), "carte" from "carta".
      expect(await intentOf('cart')).toEqual({ kind: 'cart' });
      expect(await intentOf('carte')).toEqual({ kind: 'menu' });
      // Two 4-letter words one letter apart are different words.
      expect(await intentOf('card')).toEqual({ kind: 'unknown' });
    });

    it('gives precedence to the most specific keyword', async () => {
      expect(await intentOf('hi, can I see the menu?')).toEqual({ kind: 'menu' });
      expect(await intentOf('hello, where is my order')).toEqual({ kind: 'order_status' });
      expect(await intentOf('ok, checkout')).toEqual({ kind: 'checkout' });
    });

    it('reads "whole" keywords only when nothing else is said', async () => {
      // "french" in "french fries" is no request for French.
      expect(await intentOf('french fries')).toEqual({ kind: 'unknown' });
      expect(await intentOf('yes my dear friend')).toEqual({ kind: 'unknown' });
    });

    it('never searches the catalog for a message that is only keywords', async () => {
      await understand('hola, el menú por favor');
      await understand('where is my order?');
      expect(searched).toEqual([]);
    });
  });

  describe('choices', () => {
    const offered = [
      { id: 'o-margherita', title: 'Margherita' },
      { id: 'o-diavola', title: 'Diavola' },
      { id: 'o-coke', title: 'Coca-Cola' },
      { id: 'o-coke-zero', title: 'Coca-Cola Zero' },
    ];

    it.each([
      ['2', 'o-diavola'],
      ['b', 'o-diavola'],
      ['B)', 'o-diavola'],
      ['two', 'o-diavola'],
      ['dos', 'o-diavola'],
      ['option 2', 'o-diavola'],
      ['the second one', 'o-diavola'],
      ['la segunda', 'o-diavola'],
      ['de tweede', 'o-diavola'],
      ['diavola', 'o-diavola'],
      ['Diavla', 'o-diavola'],
      ['the diavola please', 'o-diavola'],
      ['coca cola', 'o-coke'],
      ['zero', 'o-coke-zero'],
      ['1', 'o-margherita'],
      ['a', 'o-margherita'],
    ])('%j picks %s', async (text, id) => {
      expect(await intentOf(text, { offered })).toEqual({ kind: 'choice', id });
    });

    it('picks nothing out of range or unlike any title', async () => {
      expect(await intentOf('7', { offered })).toEqual({ kind: 'unknown' });
      expect(await intentOf('2 cokes', { offered })).toEqual({ kind: 'add', items: [item('p-coke', 2)], unmatched: [] });
      expect(await intentOf('yes', { offered })).toEqual({ kind: 'yes' });
    });

    it('reads a bare number as nothing when nothing was offered', async () => {
      expect(await intentOf('2')).toEqual({ kind: 'unknown' });
      expect(await intentOf('b')).toEqual({ kind: 'unknown' });
    });
  });

  describe('language', () => {
    it.each([
      ['dos margaritas grandes', 'es'],
      ['deux cocas', 'fr'],
      ['twee cola', 'nl'],
      ['two cokes', 'en'],
      ['hola', 'es'],
      ['quita la coca', 'es'],
      ['merci beaucoup', 'fr'],
    ])('%j is %s', async (text, language) => {
      expect((await understand(text)).detectedLanguage).toBe(language);
    });

    it.each(['2 margheritas', 'menu', 'ok', 'no', 'status', 'Margherita', 'asdf'])('%j says nothing of its language', async (text) => {
      expect((await understand(text)).detectedLanguage).toBeUndefined();
    });
  });

  describe('robustness', () => {
    it.each(['', '   ', '🍕🍕🍕', '?!?!', 'asdkjasd qwe', '\u0000\u0001', 'x'.repeat(50_000), '0', '999', 'and and and', ', , +', "''''"])(
      'reads %j as unknown',
      async (text) => {
        expect(await intentOf(text)).toEqual({ kind: 'unknown' });
      },
    );

    it('never throws, whatever the input', async () => {
      const broken = { text: undefined, menu: { products: null } } as unknown as UnderstandingInput;
      await expect(understanding.understand(broken)).resolves.toEqual({ intent: { kind: 'unknown' } });
      const failingSearch = () => Promise.reject(new Error('search is down'));
      await expect(understand('2 margheritas', { searchProducts: failingSearch })).resolves.toEqual({ intent: { kind: 'unknown' } });
    });

    it('copes with an empty menu and a search that knows products the menu does not', async () => {
      const empty: UnderstandingMenu = { language: 'en', products: [], categories: [] };
      const intent = await intentOf('2 large margheritas with olives', { menu: empty, searchProducts: (words) => searchProducts(MENU, words) });
      expect(intent).toEqual({ kind: 'add', items: [{ productId: 'p-margherita', quantity: 2, modifierIds: [], text: '2 large margheritas with olives' }], unmatched: ['olives'] });
    });

    it('reads a long list of items', async () => {
      const intent = await intentOf(Array.from({ length: 30 }, () => '1 coke').join(', '));
      expect(intent).toEqual({ kind: 'add', items: expect.arrayContaining([item('p-coke', 1)]), unmatched: [] });
      expect(intent.kind === 'add' && intent.items.length).toBe(20);
    });
  });
});
