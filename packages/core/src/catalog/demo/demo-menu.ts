import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { CatalogImportReport } from '../csv/catalog-csv.report';
import type { CatalogCsvService } from '../csv/catalog-csv.service';

// The CSV and its pictures sit next to this file: in src/ for the tests, in dist/ where the build copies them
// (packages/core/scripts/copy-assets.js), which is all the Docker image keeps.
export const DEMO_MENU_CSV = join(__dirname, 'pizzeria.csv');
export const DEMO_MENU_IMAGES = join(__dirname, 'images');

/** Imports the demo pizzeria's menu (docs/catalog-csv.md format) into a store. Every row must apply. */
export async function importDemoMenu(csv: CatalogCsvService, storeId: string): Promise<CatalogImportReport> {
  const report = await csv.import(storeId, createReadStream(DEMO_MENU_CSV), { dryRun: false, imageFolder: DEMO_MENU_IMAGES });
  const refused = report.rows.find((row) => row.action === 'refused' || row.reason);
  if (report.error || refused) {
    throw new Error(`The demo menu did not import cleanly: ${report.error ?? `row ${refused!.row}: ${refused!.reason}`}`);
  }
  return report;
}
