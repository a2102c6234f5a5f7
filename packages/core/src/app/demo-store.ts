import { type INestApplicationContext, Logger } from '@nestjs/common';
import { CatalogCsvService } from '../catalog/csv';
import { importDemoMenu } from '../catalog/demo/demo-menu';
import { DeliveryZoneService } from '../orders/delivery-zone.service';
import { ApiKeyService } from '../stores/api-key.service';
import { TaxMode } from '../stores/store.entity';
import { StoreService } from '../stores/store.service';

/**
 * On the very first start (no store at all) creates the demo store with a pizzeria's menu (about 30 items with
 * sizes, modifiers, translations and a few pictures) and an owner key, so a newcomer can query the API at once.
 * Returns the key's secret: shown once, never logged.
 */
export async function seedDemoStore(app: INestApplicationContext): Promise<{ slug: string; secret: string } | null> {
  const stores = app.get(StoreService);
  if ((await stores.count()) > 0) return null;
  const store = await stores.create({ slug: 'demo', name: 'Demo Pizzeria' });
  await stores.updateSettings(store.id, {
    currency: 'EUR',
    timeZone: 'Europe/Rome',
    defaultLanguage: 'en',
    taxMode: TaxMode.inclusive,
    taxRateBasisPoints: 1000,
    // Piazza Navona: delivery by distance works from the start, and a shared location near Rome is inside the zone.
    latitude: 41.8992,
    longitude: 12.4731,
    faq: {
      address: 'Piazza Navona 1, 00186 Roma',
      deliveryArea: 'Central Rome, postcodes 00184 to 00187, or within 3 km of Piazza Navona.',
      allergens: 'Our pizzas contain gluten and milk. Ask us about any allergy before you order.',
    },
  });
  await app.get(DeliveryZoneService).create(store.id, { name: 'Centro', postcodes: ['00184', '00185', '00186', '00187'], feeAmount: 250, minimumOrderAmount: 1500 });
  await app.get(DeliveryZoneService).create(store.id, { name: 'Within 3 km', radiusMeters: 3000, feeAmount: 350, minimumOrderAmount: 1500 });
  try {
    await importDemoMenu(app.get(CatalogCsvService), store.id);
  } catch (error) {
    // Only the next start could seed again, and it won't (a store exists): the key must be shown regardless.
    new Logger('DemoStore').warn(`The demo menu could not be loaded: ${(error as Error).message}`);
  }
  const { secret } = await app.get(ApiKeyService).create(store.id, { name: 'first owner key', role: 'owner' });
  return { slug: store.slug, secret };
}
