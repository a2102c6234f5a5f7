import { CatalogCsvController } from './catalog-csv.controller';
import { CatalogCsvResolver } from './catalog-csv.resolver';
import { CatalogCsvService } from './catalog-csv.service';
import { CsvBodyParser } from './csv-body.parser';

/** What the catalog module registers for CSV import and export. */
export const csvProviders = [CatalogCsvService, CatalogCsvResolver, CsvBodyParser];
export const csvControllers = [CatalogCsvController];

export { CatalogCsvService, type CatalogImportOptions } from './catalog-csv.service';
