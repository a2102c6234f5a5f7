import { Readable } from 'node:stream';
import { type CsvRecord, detectDelimiter, readCsv } from './csv-reader';

const LIMITS = { maxBytes: 1024 * 1024, maxRows: 1000 };

async function records(chunks: (string | Buffer)[], limits = LIMITS): Promise<CsvRecord[]> {
  const rows: CsvRecord[] = [];
  for await (const record of readCsv(Readable.from(chunks), limits)) rows.push(record);
  return rows;
}

describe('readCsv', () => {
  it('reads a comma file with quoted separators, quotes and line breaks, numbering rows as a spreadsheet does', async () => {
    const csv = 'sku,product,description\r\nA,"Pizza, large","Say ""ciao""\nthen eat"\r\n\r\nB,Cola,\r\n';
    expect(await records([csv])).toEqual([
      { row: 1, cells: ['sku', 'product', 'description'] },
      { row: 2, cells: ['A', 'Pizza, large', 'Say "ciao"\nthen eat'] },
      { row: 3, cells: [''] },
      { row: 4, cells: ['B', 'Cola', ''] },
    ]);
  });

  it('takes a semicolon file with a BOM, split anywhere, even inside a multi-byte character', async () => {
    const bytes = Buffer.from('\uFEFFsku;price\nÀ;12,50\n', 'utf8');
    const chunks = [...bytes].map((byte) => Buffer.from([byte]));
    expect(await records(chunks)).toEqual([
      { row: 1, cells: ['sku', 'price'] },
      { row: 2, cells: ['À', '12,50'] },
    ]);
  });

  it('detects the separator from the header only', () => {
    expect(detectDelimiter('sku;product;price\nA,1;B;"1,5"')).toBe(';');
    expect(detectDelimiter('sku,product,"a;b;c"')).toBe(',');
    expect(detectDelimiter('sku\tproduct\tprice')).toBe('\t');
    expect(detectDelimiter('sku')).toBe(',');
  });

  it('refuses text that is not UTF-8, a quote never closed, and too much, naming the row', async () => {
    await expect(records([Buffer.from('sku,product\nA,Caf\xe9\n', 'latin1')])).rejects.toMatchObject({ code: 'CATALOG_CSV_INVALID' });
    await expect(records(['sku,product\nA,ok\nB,"open\n'])).rejects.toMatchObject({ code: 'CATALOG_CSV_INVALID', details: { row: 3 } });
    await expect(records(['sku\n', 'A\n'.repeat(10)], { maxBytes: 10, maxRows: 100 })).rejects.toMatchObject({ code: 'CATALOG_CSV_TOO_LARGE' });
    await expect(records(['sku\n' + 'A\n'.repeat(10)], { maxBytes: 1000, maxRows: 5 })).rejects.toMatchObject({
      code: 'CATALOG_CSV_TOO_LARGE',
      details: { row: 7 },
    });
  });
});
