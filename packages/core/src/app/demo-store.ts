import type { INestApplicationContext } from '@nestjs/common';
import { ApiKeyService } from '../stores/api-key.service';
import { StoreService } from '../stores/store.service';

/**
 * On the very first start (no store at all) creates the demo store and an owner key, so a newcomer can query the
 * API at once. Returns the key's secret: shown once, never logged.
 */
export async function seedDemoStore(app: INestApplicationContext): Promise<{ slug: string; secret: string } | null> {
  const stores = app.get(StoreService);
  if ((await stores.count()) > 0) return null;
  const store = await stores.create({ slug: 'demo', name: 'Demo Pizzeria' });
  const { secret } = await app.get(ApiKeyService).create(store.id, { name: 'first owner key', role: 'owner' });
  return { slug: store.slug, secret };
}
