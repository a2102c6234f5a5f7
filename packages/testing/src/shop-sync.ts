import { ShopSyncService, ShopSyncState } from '@parley/core';
import { DataSource } from 'typeorm';
import { eventually } from './eventually';
import type { TestApp } from './test-app';

/**
 * Follows a store's catalog sync with one shop plugin: its `shop_sync_state`, and helpers that start a run the way
 * users and the schedule do (GraphQL `startShopImport`, the schedule's next slot) and wait for it to finish.
 */
export function shopSyncOf(t: TestApp, store: { id: string; ownerKey: string }, connector: string, intervalMs: number) {
  const state = () => t.get(DataSource).getRepository(ShopSyncState).findOneBy({ storeId: store.id, connector });
  /** Runs `start` and waits for the next run to finish, successfully or not; returns the state it left. */
  const runDone = async (start: () => Promise<unknown>) => {
    const before = (await state())?.lastRunAt?.getTime() ?? 0;
    await start();
    return eventually(
      async () => {
        const now = await state();
        return now && (now.lastRunAt?.getTime() ?? 0) > before && !now.claimedUntil && now;
      },
      `the ${connector} import to finish`,
      30_000,
    );
  };
  let slot = 1;
  return {
    state,
    runDone,
    /** A full import, as the owner starts one. */
    fullImport: () => runDone(() => t.graphql(`mutation { startShopImport(connector: "${connector}") { connector } }`, {}, store.ownerKey)),
    /** The schedule's next slot: the import of changes every worker queues once per interval. */
    scheduledImport: () => runDone(() => t.get(ShopSyncService).scheduleDue(Date.now() + slot++ * intervalMs)),
  };
}
