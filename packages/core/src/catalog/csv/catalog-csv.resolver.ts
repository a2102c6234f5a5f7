import { Readable } from 'node:stream';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { type AuthContext, CurrentAuth, Roles } from '@parley/plugin-sdk';
import { CatalogImportReport } from './catalog-csv.report';
import { CatalogCsvService } from './catalog-csv.service';

/** CSV import and export for small files; large ones go through POST /admin/catalog/import and GET /admin/catalog/export. */
@Resolver()
export class CatalogCsvResolver {
  constructor(private readonly csv: CatalogCsvService) {}

  @Roles('owner', 'staff')
  @Mutation(() => CatalogImportReport, {
    description:
      'Creates and updates products, variants, modifiers and sections from a CSV file (docs/catalog-csv.md), keyed by SKU. ' +
      'A dry run (the default) reports what would happen and changes nothing.',
  })
  importCatalog(
    @CurrentAuth() auth: AuthContext,
    @Args('csv') csv: string,
    @Args('dryRun', { type: () => Boolean, defaultValue: true }) dryRun: boolean,
  ): Promise<CatalogImportReport> {
    return this.csv.import(auth.storeId, Readable.from([csv]), { dryRun });
  }

  @Roles('owner', 'staff')
  @Query(() => String, { description: "The store's catalog as CSV, in the format importCatalog reads." })
  exportCatalog(@CurrentAuth() auth: AuthContext): Promise<string> {
    return this.csv.exportText(auth.storeId);
  }
}
