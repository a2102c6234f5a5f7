// Fills a store with a realistic restaurant catalog: N products in 10 sections, 3 sizes each, two modifier groups.
const WORDS = ['Margherita', 'Pepperoni', 'Diavola', 'Capricciosa', 'Quattro', 'Formaggi', 'Funghi', 'Prosciutto', 'Vegetariana',
  'Marinara', 'Calzone', 'Hawaiian', 'Bufala', 'Tartufo', 'Salsiccia', 'Carbonara', 'Burger', 'Salad', 'Lasagna', 'Tiramisu'];
const SIZES = [['small', 800], ['medium', 1100], ['large', 1400]];

async function seedCatalog(catalog, storeId, productCount) {
  const eur = (amount) => ({ amount, currency: 'EUR' });
  const sections = [];
  for (let i = 0; i < 10; i += 1) sections.push((await catalog.createCategory(storeId, { name: `Section ${i}` })).id);
  const toppings = await catalog.createModifierGroup(storeId, {
    name: 'Extra toppings', minSelect: 0, maxSelect: 3,
    modifiers: ['cheese', 'olives', 'mushrooms', 'ham'].map((name) => ({ name: `Extra ${name}`, priceDelta: eur(100) })),
  });
  const sauce = await catalog.createModifierGroup(storeId, {
    name: 'Choose a sauce', minSelect: 1, maxSelect: 1, modifiers: [{ name: 'Tomato' }, { name: 'Garlic' }, { name: 'BBQ' }],
  });
  for (let i = 0; i < productCount; i += 1) {
    const name = `${WORDS[i % WORDS.length]} ${WORDS[(i * 7 + 3) % WORDS.length]} ${i}`;
    await catalog.createProduct(storeId, {
      name,
      description: `House special number ${i}, with ${WORDS[(i * 3) % WORDS.length].toLowerCase()}`,
      translations: [{ language: 'es', name: `${name} (es)` }],
      tags: i % 5 === 0 ? ['spicy'] : [],
      categoryIds: [sections[i % sections.length]],
      modifierGroupIds: [toppings.id, sauce.id],
      variants: SIZES.map(([size, price]) => ({ sku: `P${i}-${size}`, options: [{ name: 'size', value: size }], price: eur(price + (i % 7) * 50) })),
    });
  }
}

module.exports = { seedCatalog };
