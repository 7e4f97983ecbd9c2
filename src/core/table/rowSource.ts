/**
 * The raw rows of a CSV file without holding them: one streaming pass notes where every `CHECKPOINT_STRIDE`-th row
 * starts, and a page is read back from the nearest checkpoint before it, parsed exactly as the first pass parsed
 * it. Memory is a number per checkpoint; a page costs at most `CHECKPOINT_STRIDE` rows more than its own.
 */
import { open } from 'node:fs/promises';
import type { ReadStream, Stats } from 'node:fs';
import {
  type CsvReadOptions,
  type CsvShape,
  type ReadSoFar,
  type RowCheckpoints,
  type RowVisitor,
  READ_CHUNK,
  indexCsv,
  readCsvRows,
} from '../csv/csvReader';
import type { CellValue } from '../../shared/tableModel';

/** The rows of the All rows view, in file order, aligned with the header; empty cells are null. */
export interface RowSource {
  readonly total: number;
  /** Rows `start` .. `start + count - 1`, fewer at the end. */
  page(start: number, count: number, signal?: AbortSignal): Promise<CellValue[][]>;
}

/**
 * The file is no longer the one that was read (its size or modification time differ): reload it.
 * @internal exported for its unit test
 */
export class CsvFileChangedError extends Error {
  readonly kind = 'changed';
  constructor() {
    super('The file changed on disk since it was read; reopen it to see the new rows.');
    this.name = 'CsvFileChangedError';
  }
}

/**
 * Rows between checkpoints: a 5000-row page then parses at most 1000 rows it does not return, while the index of
 * a 100 MB file stays under a thousand numbers.
 */
const CHECKPOINT_STRIDE = 1000;
/**
 * A page reads in small chunks: csv-parse parses a whole chunk before it can be stopped, so a large chunk parses
 * far past the page's end. The last 5000 rows of the 100 MB users benchmark file: 91 ms with 64 KiB chunks, 194 ms
 * with 1 MiB (best of 7); 16 KiB was no faster.
 */
const PAGE_CHUNK = 64 * 1024;

/** How far the first pass through a file is, for a table shown while the file still loads. */
export interface IndexProgress {
  readonly bytesRead: number;
  readonly size: number;
  readonly rowsRead: number;
  /** The rows read so far, readable like the finished index; undefined before the header. */
  soFar(): { shape: CsvShape; rows: RowSource } | undefined;
}

/** How often (in rows) the first pass reports its progress: a cheap count; the receiver decides what to do. */
const PROGRESS_ROWS = 1024;

/**
 * Streams the file once through `visitor`, like `streamCsv` (twice when it turns out not to be UTF-8), and returns
 * its shape and its rows as a RowSource that reads pages back with the same decoding. `watch` hears of the
 * progress every PROGRESS_ROWS rows.
 */
export async function indexCsvFile(
  filePath: string,
  visitor: RowVisitor,
  options: CsvReadOptions & { watch?: (progress: IndexProgress) => void } = {},
  stride = CHECKPOINT_STRIDE,
): Promise<{ shape: CsvShape; rows: RowSource }> {
  const file = await open(filePath);
  try {
    const stats = await file.stat();
    let stream: ReadStream | undefined;
    const source = () => (stream = file.createReadStream({ start: 0, highWaterMark: READ_CHUNK, autoClose: false }));
    const { watch } = options;
    const { shape, checkpoints } = await indexCsv(
      source,
      watch ? watchedVisitor(visitor, stats, () => stream, filePath, watch) : visitor,
      stride,
      options,
    );
    return { shape, rows: new FileRowSource(filePath, stats, shape.rowCount, checkpoints) };
  } finally {
    await file.close();
  }
}

function watchedVisitor(
  visitor: RowVisitor,
  stats: Stats,
  stream: () => ReadStream | undefined,
  filePath: string,
  watch: (progress: IndexProgress) => void,
): RowVisitor {
  let read: ReadSoFar | undefined;
  let count = 0;
  const progress: IndexProgress = {
    get bytesRead() {
      return stream()?.bytesRead ?? 0;
    },
    size: stats.size,
    get rowsRead() {
      return count;
    },
    soFar: () => {
      if (!read) return undefined;
      const shape = read.shape();
      return { shape, rows: new FileRowSource(filePath, stats, shape.rowCount, read.checkpoints()) };
    },
  };
  return {
    header: (headers, soFar) => {
      read = soFar;
      count = 0;
      visitor.header?.(headers, soFar);
    },
    row: (cells) => {
      visitor.row(cells);
      if (++count % PROGRESS_ROWS === 0) watch(progress);
    },
  };
}

class FileRowSource implements RowSource {
  constructor(
    private readonly filePath: string,
    private readonly stats: Pick<Stats, 'size' | 'mtimeMs'>,
    readonly total: number,
    private readonly checkpoints: RowCheckpoints,
  ) {}

  async page(start: number, count: number, signal?: AbortSignal): Promise<CellValue[][]> {
    const end = Math.min(start + count, this.total);
    if (start < 0 || start >= end) return [];
    const { stride, offsets } = this.checkpoints;
    const checkpoint = Math.floor(start / stride);
    const file = await open(this.filePath);
    try {
      const now = await file.stat();
      if (now.size !== this.stats.size || now.mtimeMs !== this.stats.mtimeMs) throw new CsvFileChangedError();
      const source = file.createReadStream({ start: offsets[checkpoint], highWaterMark: PAGE_CHUNK, autoClose: false });
      const rows: CellValue[][] = [];
      let row = checkpoint * stride;
      await readCsvRows(
        source,
        this.checkpoints,
        (cells) => {
          if (row++ >= start) rows.push(cells);
          return row < end;
        },
        signal,
      );
      // Fewer rows than indexed: the file changed while keeping its size and time (or mid-read).
      if (rows.length !== end - start) throw new CsvFileChangedError();
      return rows;
    } finally {
      await file.close();
    }
  }
}
