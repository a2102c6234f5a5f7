import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  DomainError,
  ExtensionRegistry,
  JobQueue,
  NotFoundError,
  RetryJobLaterError,
  type ShopCatalogUpdate,
  ShopCatalogUpdates,
  type ShopConnector,
  type ShopStore,
} from '@parley/plugin-sdk';
import { DataSource } from 'typeorm';
import type { Product } from '../catalog/product.entity';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { isUniqueViolation } from '../database/unique-violation';
import { UnitOfWork } from '../database/unit-of-work';
import { QueueNames } from '../jobs/queue-names';
import { Store } from '../stores/store.entity';
import { StoreService } from '../stores/store.service';
import { claimRow, findOrInsert, releaseRow } from '../database/row-claim';
import { ShopCatalogImporter } from './shop-catalog-importer.service';
import { UnknownShopConnectorError } from './shop-sync.errors';
import { ShopSyncState } from './shop-sync-state.entity';
import { ShopWebhookDelivery } from './shop-webhook-delivery.entity';

/** A full import, the changes since the last import, or some products (a webhook's). */
export type ShopSyncRun = 'full' | 'changes' | 'products';

/** The payload of a job on the `shop-sync` queue. */
export interface ShopSyncJob {
  connector: string;
  storeId: string;
  run: ShopSyncRun;
  productIds?: string[];
}

export const DEFAULT_IMPORT_INTERVAL_MS = 15 * 60_000;

// A run holds the store's sync for this long, renewed as it goes; a run that finds it held looks again in 5 s.
const CLAIM_MS = 5 * 60_000;
const CLAIM_WAIT_MS = 5_000;
// The next import of changes starts a little before this one did: shops' clocks and ours differ, and a product
// seen twice costs nothing (unchanged products are not written).
const CURSOR_OVERLAP_MS = 60_000;

/** BullMQ ids allow letters, digits, `-`, `_` and `.`. */
export const idPart = (value: string) => value.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 100);

type Tally = Pick<ShopSyncState, 'created' | 'updated' | 'archived' | 'unchanged' | 'failed'>;

/**
 * Keeps each store's catalog in step with the shops of shop plugins (`ShopConnector`): a full import first, then the
 * changes every `importIntervalMs` (a job per interval slot whose id names the slot, so any number of worker
 * processes queue it once), and at once when a shop's product webhook arrives (`ShopCatalogUpdates`). One run per
 * store and shop at a time, through a claim on its `shop_sync_state` row, which also keeps the cursor, the counts and
 * the last error.
 */
@Injectable()
export class ShopSyncService extends ShopCatalogUpdates implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ShopSync');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly jobs: JobQueue,
    private readonly extensions: ExtensionRegistry,
    private readonly stores: StoreService,
    private readonly importer: ShopCatalogImporter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    const connectors = this.extensions.list('shop');
    if (!this.config.runWorkers || connectors.length === 0) return;
    // Twice per slot of the shortest interval, so every slot gets its job even when a tick comes late.
    const period = Math.min(...connectors.map((connector) => this.intervalOf(connector))) / 2;
    void this.scheduleDue();
    this.timer = setInterval(() => void this.scheduleDue(), period);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Queues the current slot's import of changes for every store and shop: a no-op when queued already. */
  async scheduleDue(now = Date.now()): Promise<void> {
    try {
      const stores = await this.dataSource.getRepository(Store).find({ select: { id: true, slug: true, currency: true } });
      for (const connector of this.extensions.list('shop')) {
        const slot = Math.floor(now / this.intervalOf(connector));
        for (const store of stores) {
          if (!this.serves(connector, this.shopStore(store))) continue;
          await this.queue(connector.code, store.id, 'changes', `slot-${slot}`);
        }
      }
    } catch (error) {
      this.logger.error(`Could not schedule shop imports: ${(error as Error).message}`);
    }
  }

  /** `startShopImport`: a full import now. */
  async startFullImport(storeId: string, code: string): Promise<ShopSyncState> {
    const store = this.shopStore(await this.stores.get(storeId));
    const connector = this.extensions.list('shop').find((candidate) => candidate.code === code);
    if (!connector || !this.serves(connector, store)) throw new UnknownShopConnectorError(code);
    const state = await this.state(storeId, code);
    await this.queue(code, storeId, 'full', `at-${Date.now()}`);
    return state;
  }

  /** The sync state of every shop that serves the store. */
  async statuses(storeId: string): Promise<ShopSyncState[]> {
    const store = this.shopStore(await this.stores.get(storeId));
    const codes = this.extensions.list('shop').filter((connector) => this.serves(connector, store)).map((connector) => connector.code);
    const states: ShopSyncState[] = [];
    for (const code of codes) states.push(await this.state(storeId, code));
    return states;
  }

  /** A shop plugin's verified product webhook: the products, or the changes, synced on the queue; duplicates ignored. */
  async received(update: ShopCatalogUpdate): Promise<{ duplicate: boolean }> {
    const store = await this.stores.findBySlug(update.storeSlug);
    if (!store) throw new NotFoundError('Store', update.storeSlug);
    const delivery = update.deliveryId ? { connector: update.connector, deliveryId: update.deliveryId.slice(0, 200) } : null;
    if (delivery && (await this.dataSource.getRepository(ShopWebhookDelivery).existsBy(delivery))) return { duplicate: true };
    const run: ShopSyncRun = update.productIds ? 'products' : 'changes';
    // Queued before the delivery is recorded, under an id naming the delivery: a crash in between loses nothing (the
    // shop sends it again), and two copies arriving at once still make one job.
    await this.queue(update.connector, store.id, run, delivery ? `delivery-${delivery.deliveryId}` : `at-${Date.now()}`, update.productIds);
    if (delivery) {
      try {
        await this.unitOfWork.statement((manager) => manager.insert(ShopWebhookDelivery, { ...delivery, storeId: store.id }));
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        return { duplicate: true };
      }
    }
    return { duplicate: false };
  }

  /**
   * One run of a job: imports what the shop yields, archives what it no longer has (on a full import: products it
   * did not list; for webhook products: those it no longer finds), and records the outcome. A product the catalog
   * refuses (another currency, a taken SKU) is counted and named in `lastError`; the others go ahead.
   */
  async run(connector: ShopConnector, job: ShopSyncJob): Promise<void> {
    const store = this.shopStore(await this.stores.get(job.storeId));
    const state = await this.state(job.storeId, connector.code);
    if (!(await claimRow(this.unitOfWork, ShopSyncState, state.id, CLAIM_MS))) {
      throw new RetryJobLaterError(`Another run is syncing this store with ${connector.code}`, CLAIM_WAIT_MS, false);
    }
    const current = await this.dataSource.getRepository(ShopSyncState).findOneByOrFail({ id: state.id });
    const run: ShopSyncRun = job.run === 'changes' && !current.lastFullImportAt ? 'full' : job.run;
    const startedAt = Date.now();
    const tally: Tally = { created: 0, updated: 0, archived: 0, unchanged: 0, failed: 0 };
    let problem: { code: string; message: string } | null = null;
    try {
      const seen = new Set<string>();
      const products =
        run === 'products' ? connector.importProducts(store, job.productIds ?? []) : connector.importCatalog(store, run === 'changes' ? (current.incrementalCursor ?? undefined) : undefined);
      let claimedAt = Date.now();
      for await (const product of products) {
        seen.add(product.externalId);
        try {
          const result = await this.importer.apply(store, connector.code, product);
          tally[result.outcome]++;
          if (result.imageError) problem ??= { code: 'IMAGE_UNAVAILABLE', message: `Product ${product.externalId}: ${result.imageError}` };
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          tally.failed++;
          problem ??= { code: error.code, message: `Product ${product.externalId}: ${error.message}` };
        }
        if (Date.now() - claimedAt > CLAIM_MS / 2) {
          await this.unitOfWork.statement((manager) => manager.update(ShopSyncState, { id: state.id }, { claimedUntil: new Date(Date.now() + CLAIM_MS) }));
          claimedAt = Date.now();
        }
      }
      for (const product of await this.goneFromShop(store, connector.code, run, seen, job.productIds ?? [])) {
        tally[await this.importer.archive(store, product)]++;
      }
      const now = new Date();
      await this.unitOfWork.statement((manager) =>
        manager.update(ShopSyncState, { id: state.id }, {
          ...tally,
          lastRunAt: now,
          lastRunKind: run,
          lastError: problem?.message.slice(0, 500) ?? null,
          lastErrorCode: problem?.code ?? null,
          ...(run === 'full' ? { lastFullImportAt: now } : {}),
          ...(run === 'products' ? {} : { incrementalCursor: new Date(startedAt - CURSOR_OVERLAP_MS) }),
        }),
      );
      this.logger.log(`${run} import of store ${store.storeId} from ${connector.code}: ${JSON.stringify(tally)}`);
    } catch (error) {
      await this.unitOfWork.statement((manager) =>
        manager.update(ShopSyncState, { id: state.id }, {
          ...tally,
          lastRunAt: new Date(),
          lastRunKind: run,
          lastError: (error instanceof Error ? error.message : String(error)).slice(0, 500),
          lastErrorCode: 'SHOP_SYNC_FAILED',
        }),
      );
      throw error;
    } finally {
      await releaseRow(this.unitOfWork, ShopSyncState, state.id);
    }
  }

  shopStore(store: Pick<Store, 'id' | 'slug' | 'currency'>): ShopStore {
    return { storeId: store.id, storeSlug: store.slug, currency: store.currency };
  }

  serves(connector: ShopConnector, store: ShopStore): boolean {
    return !connector.servesStore || connector.servesStore(store);
  }

  private intervalOf(connector: ShopConnector): number {
    return connector.importIntervalMs ?? DEFAULT_IMPORT_INTERVAL_MS;
  }

  private async goneFromShop(store: ShopStore, code: string, run: ShopSyncRun, seen: Set<string>, asked: string[]) {
    if (run === 'full') return (await this.importer.productsOf(store, code)).filter((product) => !seen.has(product.externalId!));
    if (run !== 'products') return [];
    const gone: Product[] = [];
    for (const externalId of asked.filter((id) => !seen.has(id))) {
      const product = await this.importer.productByExternalId(store, code, externalId);
      if (product) gone.push(product);
    }
    return gone;
  }

  private async queue(connector: string, storeId: string, run: ShopSyncRun, key: string, productIds?: string[]): Promise<void> {
    await this.jobs.add<ShopSyncJob>(
      QueueNames.shopSync,
      { connector, storeId, run, ...(productIds ? { productIds } : {}) },
      { jobId: `shop-${run}-${idPart(connector)}-${storeId}-${idPart(key)}` },
    );
  }

  private state(storeId: string, connector: string): Promise<ShopSyncState> {
    return findOrInsert(this.dataSource, this.unitOfWork, ShopSyncState, { storeId, connector });
  }
}
