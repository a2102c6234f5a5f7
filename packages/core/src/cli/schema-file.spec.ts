import { checkSchemaFile } from './schema-file';

it('schema.graphql at the repository root is the current code-first schema (`npm run cli -- schema` rewrites it)', async () => {
  expect(await checkSchemaFile(false)).toEqual({ upToDate: true });
});
