/**
 * A CSV read whole into a table: its shape (header, column kinds, row count, warnings) and every row. The panels
 * never hold a file's rows like this (they index it, `rowSource.ts`); tests and small payloads do.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { CellValue } from '../../shared/tableModel';
import { type CsvReadOptions, type CsvShape, READ_CHUNK, indexCsv } from '../csv/csvReader';

export interface CsvTable extends CsvShape {
  rows: CellValue[][];
}

/**
 * Streams a CSV file into a table. Rejects with the signal's reason when aborted.
 * @internal exported for its unit test
 */
export function readCsvFile(filePath: string, options: CsvReadOptions = {}): Promise<CsvTable> {
  return collect(() => createReadStream(filePath, { highWaterMark: READ_CHUNK }), options);
}

/**
 * The same as `readCsvFile` for text already in memory (tests, small payloads).
 * @internal exported for its unit test
 */
export function parseCsv(input: string | Buffer, options: CsvReadOptions = {}): Promise<CsvTable> {
  return collect(() => Readable.from([input]), options);
}

async function collect(open: () => Readable, options: CsvReadOptions): Promise<CsvTable> {
  let rows: CellValue[][] = [];
  const { shape } = await indexCsv(
    open,
    { header: () => (rows = []), row: (cells) => rows.push(cells) },
    Infinity,
    options,
  );
  return { ...shape, rows };
}
