import type { UnderstandingMenu } from '@parley/plugin-sdk';
import type { Menu } from '../../catalog/menu.types';

const cache = new WeakMap<Menu, UnderstandingMenu>();

/** The public menu as the understanding step reads it. Menus are cached per catalog version, and so is this. */
export function menuForUnderstanding(menu: Menu): UnderstandingMenu {
  let result = cache.get(menu);
  if (result) return result;
  result = {
    language: menu.language,
    categories: menu.categories.map((category) => ({ id: category.id, name: category.name })),
    // A product listed in two sections is one product.
    products: [...new Map(menu.categories.flatMap((category) => category.products.map((product) => [product.id, { product, category }] as const))).values()].map(
      ({ product, category }) => ({
        id: product.id,
        sku: product.variants[0]?.sku ?? '',
        name: product.name,
        categoryId: category.id,
        variants: product.variants.map((variant) => ({ id: variant.id, sku: variant.sku, label: variant.label, options: variant.options })),
        modifierGroups: product.modifierGroups.map((group) => ({
          id: group.id,
          name: group.name,
          minSelect: group.minSelect,
          maxSelect: group.maxSelect,
          modifiers: group.modifiers.map((modifier) => ({ id: modifier.id, name: modifier.name })),
        })),
      }),
    ),
  };
  cache.set(menu, result);
  return result;
}
