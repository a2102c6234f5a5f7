import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum CatalogImportAction {
  created = 'created',
  updated = 'updated',
  unchanged = 'unchanged',
  refused = 'refused',
}
registerEnumType(CatalogImportAction, {
  name: 'CatalogImportAction',
  description: 'What the import did with a row (or, in a dry run, would do).',
});

@ObjectType({ description: 'One row of an imported CSV file and what became of it.' })
export class CatalogImportRow {
  @Field(() => Int, { description: 'As a spreadsheet numbers it: the header is row 1.' })
  row: number;

  @Field({ description: 'product, modifier_group, modifier or category.' })
  type: string;

  @Field(() => String, { nullable: true })
  sku: string | null;

  @Field(() => String, { nullable: true, description: 'The product, group, "group / modifier" or category the row is about.' })
  name: string | null;

  @Field(() => CatalogImportAction)
  action: CatalogImportAction;

  @Field(() => [String], { description: 'The columns whose values changed (updated rows).' })
  changes: string[];

  @Field(() => String, { nullable: true, description: 'The column at fault, when one is.' })
  column: string | null;

  @Field(() => String, { nullable: true, description: 'Why the row was refused, as an error code (docs/errors.md).' })
  code: string | null;

  @Field(() => String, { nullable: true, description: 'Why the row was refused, or what went wrong after it was applied.' })
  reason: string | null;
}

@ObjectType({ description: 'What a catalog import did, or in a dry run would do, row by row.' })
export class CatalogImportReport {
  @Field()
  dryRun: boolean;

  @Field(() => Int)
  created: number;

  @Field(() => Int)
  updated: number;

  @Field(() => Int)
  unchanged: number;

  @Field(() => Int)
  refused: number;

  @Field(() => Int, { description: 'Transactions the rows were applied in (a dry run: would have been).' })
  batches: number;

  @Field(() => [String], { description: 'Header columns the import does not know, and so ignored.' })
  ignoredColumns: string[];

  @Field(() => String, { nullable: true, description: 'A problem that stopped reading the file; rows after it were not read.' })
  error: string | null;

  @Field(() => [CatalogImportRow], { description: 'Every row read except empty ones, in file order.' })
  rows: CatalogImportRow[];
}
