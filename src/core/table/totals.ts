/**
 * Per-entity totals of a usage export: one row per model (user, agent, API key, project), the parts it merges
 * (BYOK and non-BYOK, sources, deployments, models) as children, a grand total and the derived ratios.
 *
 * Rows are read once, as they stream in, into the finest groups (entity × part); entity rows and the grand total
 * are exact merges of those groups, so memory grows with the number of groups, not of rows.
 */
import { english, type Localize } from '../../shared/template';
import type { CsvTable } from './csvTable';
import { type IndexProgress, type RowSource, indexCsvFile } from './rowSource';
import type { CellValue, UsageTable } from '../../shared/tableModel';
import { type TableHints } from './tablePlan';
import { TotalsBuilder } from './totalsBuilder';

/** Sees every row with the key of the totals row (or part) it went into: how per-period cost is collected. */
type RowObserver = (row: readonly CellValue[], groupKey: string) => void;

/**
 * Totals of a table already in memory.
 * @internal exported for its unit test
 */
export function buildUsageTable(table: CsvTable, hints: TableHints = {}, observe?: RowObserver): UsageTable {
  const builder = TotalsBuilder.forTable(table, hints);
  for (const row of table.rows) {
    const key = builder.add(row);
    observe?.(row, key);
  }
  return builder.finish(table);
}

const SECOND_PASS_PAGE = 10_000;

/**
 * A table shown while its file still loads: the rows read so far.
 * @internal exported for its unit test
 */
export interface PartialTable {
  table: UsageTable;
  rows: RowSource;
}

/** How far a load is; `soFar` builds the table of the rows read up to now (undefined before the header). */
export interface LoadProgress {
  readonly bytesRead: number;
  readonly size: number;
  readonly rowsRead: number;
  /** `maxEntities` caps the totals rows (the grand total still counts every row read). */
  soFar(maxEntities: number): PartialTable | undefined;
}

export interface LoadOptions {
  signal?: AbortSignal;
  /** Sees every row with its group's key (how cost buckets are collected). */
  observe?: (headers: readonly string[]) => RowObserver | undefined;
  /** Hears of the progress every thousand rows or so (not for a file whose entity is known only at its end). */
  watch?: (progress: LoadProgress) => void;
  /** Localizes the warnings and the parse error (the table worker's VS Code bundle); English when absent. */
  t?: Localize;
}

function loadProgress(progress: IndexProgress, builder: TotalsBuilder, t: Localize): LoadProgress {
  return {
    bytesRead: progress.bytesRead,
    size: progress.size,
    rowsRead: progress.rowsRead,
    soFar: (maxEntities) => {
      const read = progress.soFar();
      return read && { table: builder.finish(read.shape, maxEntities, t), rows: read.rows };
    },
  };
}

/**
 * The host's entry point: streams the file once, aggregating as rows arrive, and returns the table with the raw
 * rows (aligned with `table.columns`, empty cells null) as a RowSource that reads pages back from the file for the
 * All rows view. A file whose entity is only known from the column kinds is streamed a second time for its totals.
 */
export async function loadUsageTable(
  filePath: string,
  hints: TableHints = {},
  { signal, observe, watch, t = english }: LoadOptions = {},
): Promise<{ table: UsageTable; rows: RowSource }> {
  let builder: TotalsBuilder | undefined;
  let observer: RowObserver | undefined;
  const add = (b: TotalsBuilder, cells: readonly CellValue[]) => {
    const key = b.add(cells);
    observer?.(cells, key);
  };
  const { shape, rows } = await indexCsvFile(
    filePath,
    {
      header: (headers) => {
        builder = TotalsBuilder.forHeader(headers, hints);
        observer = observe?.(headers);
      },
      row: (cells) => builder && add(builder, cells),
    },
    {
      signal,
      t,
      ...(hints.encoding ? { encoding: hints.encoding } : {}),
      ...(watch && { watch: (progress) => builder && watch(loadProgress(progress, builder, t)) }),
    },
  );
  if (!builder) {
    builder = TotalsBuilder.forTable(shape, hints);
    // In pages, so that the second pass holds no more rows than the first.
    for (let start = 0; start < rows.total; start += SECOND_PASS_PAGE) {
      for (const row of await rows.page(start, SECOND_PASS_PAGE, signal)) add(builder, row);
    }
  }
  return { table: builder.finish(shape, Infinity, t), rows };
}
