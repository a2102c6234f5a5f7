import { DomainError } from '@parley/plugin-sdk';

/** The file can't be read as a catalog CSV at all (encoding, header, broken quoting); `details.row` says where. */
export class CatalogCsvInvalidError extends DomainError {
  constructor(
    readonly row: number,
    reason: string,
  ) {
    super('CATALOG_CSV_INVALID', `Row ${row}: ${reason}`, { row });
  }
}

export class CatalogCsvTooLargeError extends DomainError {
  constructor(limit: string, readonly row: number) {
    super('CATALOG_CSV_TOO_LARGE', `An import may have at most ${limit}: split the file`, { row });
  }
}
