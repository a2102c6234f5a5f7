import { Readable, Transform, pipeline } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { CatalogCsvInvalidError, CatalogCsvTooLargeError } from './catalog-csv.errors';

export interface CsvRecord {
  /** As a spreadsheet numbers it: the header is row 1, and a cell with line breaks doesn't add rows. */
  row: number;
  cells: string[];
}

export interface CsvLimits {
  maxBytes: number;
  maxRows: number;
}

// Enough to hold any sane header line; the separator is decided from it.
const HEAD_BYTES = 64 * 1024;
const MAX_RECORD_CHARS = 1024 * 1024;

/** The separator the header uses most outside quotes: comma, semicolon (spreadsheets in much of Europe) or tab. */
export function detectDelimiter(text: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char in counts) counts[char as keyof typeof counts]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
  return ',';
}

class ByteLimitExceeded extends Error {}
class NotUtf8 extends Error {}

function utf8Decoder(): Transform {
  // fatal: a Latin-1 or UTF-16 file is refused with a clear reason instead of being read as garbled names.
  // The BOM Excel writes is dropped by the decoder.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return new Transform({
    readableObjectMode: false,
    decodeStrings: true,
    transform(chunk: Buffer, _encoding, done) {
      try {
        done(null, decoder.decode(chunk, { stream: true }));
      } catch {
        done(new NotUtf8());
      }
    },
    flush(done) {
      try {
        done(null, decoder.decode());
      } catch {
        done(new NotUtf8());
      }
    },
  });
}

/**
 * The records of a CSV file as they arrive: the file is never held whole, only the record being read. Accepts UTF-8
 * with or without a BOM, comma, semicolon or tab separators (taken from the header line), quoted fields with
 * separators, quotes and line breaks in them. Problems with the file itself throw CatalogCsvInvalidError with the row.
 */
export async function* readCsv(source: AsyncIterable<Buffer | string>, limits: CsvLimits): AsyncGenerator<CsvRecord> {
  const chunks = source[Symbol.asyncIterator]();
  let bytes = 0;
  const next = async (): Promise<Buffer | null> => {
    const result = await chunks.next();
    if (result.done) return null;
    const chunk = typeof result.value === 'string' ? Buffer.from(result.value) : result.value;
    bytes += chunk.length;
    if (bytes > limits.maxBytes) throw new ByteLimitExceeded();
    return chunk;
  };
  let row = 0;
  let parser: ReturnType<typeof parse> | undefined;
  try {
    const head: Buffer[] = [];
    let headSize = 0;
    while (headSize < HEAD_BYTES) {
      const chunk = await next();
      if (!chunk) break;
      head.push(chunk);
      headSize += chunk.length;
      if (chunk.includes(10) || chunk.includes(13)) break;
    }
    const delimiter = detectDelimiter(Buffer.concat(head).toString('utf8').replace(/^\uFEFF/, ''));
    const all = async function* (): AsyncGenerator<Buffer> {
      yield* head;
      for (let chunk = await next(); chunk; chunk = await next()) yield chunk;
    };
    parser = parse({
      delimiter,
      relax_column_count: true,
      // A stray quote inside an unquoted field (12" pizza) is kept as text rather than failing the file.
      relax_quotes: true,
      skip_empty_lines: false,
      max_record_size: MAX_RECORD_CHARS,
    });
    // pipeline destroys every stream with the first error, so reading `parser` below throws it.
    pipeline(Readable.from(all()), utf8Decoder(), parser, () => undefined);
    for await (const cells of parser as AsyncIterable<string[]>) {
      row++;
      if (row > limits.maxRows + 1) throw new CatalogCsvTooLargeError(`${limits.maxRows} rows`, row);
      yield { row, cells };
    }
  } catch (error) {
    if (error instanceof ByteLimitExceeded) throw new CatalogCsvTooLargeError(`${Math.floor(limits.maxBytes / 1024 / 1024)} MB`, row + 1);
    if (error instanceof NotUtf8) throw new CatalogCsvInvalidError(row + 1, 'the file is not UTF-8 text: save it as "CSV UTF-8"');
    if (error instanceof CsvError) throw new CatalogCsvInvalidError(row + 1, csvProblem(error));
    throw error;
  } finally {
    parser?.destroy();
  }
}

function csvProblem(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed (a " is missing)';
    case 'CSV_MAX_RECORD_SIZE':
      return 'the row is too long (more than 1 MB)';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quote closes a field but more text follows it: double quotes inside a quoted field ("")';
    default:
      return error.message;
  }
}
