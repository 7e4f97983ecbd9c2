/**
 * A report written in a worker thread of its own (bundled as dist/report.js): reading a CSV, its totals and its
 * prices grow with the file, and the extension host is shared with every other extension, so none of it runs
 * there. The host sends plain data (the request, the cost settings, its display language's strings) and gets the
 * written file's path and size back; the command line runs `writeReport` in its own process instead.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fillTemplate, type Localize } from '../../shared/template';
import type { UserPrices } from '../pricing/bucketCost';
import type { CostSource } from '../pricing/costColumns';
import type { PriceBook } from '../pricing/priceBook';
import type { ReportFormat } from './model';
import { type ReportRequest, type WrittenReport, writeReport } from './reportJob';
import { releaseHeapAndExit } from '../threads/workerEnd';

export interface ReportWorkerData {
  request: ReportRequest;
  format: ReportFormat;
  outPath: string;
  /** The price list's bundle (dist/prices.js), required only when a table has token columns to price. */
  pricesScript: string;
  pricing: { userPrices: UserPrices; costSource: CostSource; problems: readonly string[] };
  /** The display language's translations (`vscode.l10n.bundle`); English without one. */
  bundle: Record<string, string> | undefined;
  locale: string;
  minGroupSize: number;
  includeNames: boolean;
  generator: string;
  /** ISO time the report is made at. */
  now: string;
}

export type ReportWorkerReply = { ok: true; written: WrittenReport } | { ok: false; message: string };

function run(data: ReportWorkerData): Promise<WrittenReport> {
  const t: Localize = (template, ...args) => fillTemplate(data.bundle?.[template] ?? template, args);
  let book: PriceBook | undefined;
  const priceBook = (): PriceBook => {
    // A runtime require of the price list's own bundle: esbuild must not inline the price data here.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    book ??= (require(data.pricesScript) as { createPriceBook(): PriceBook }).createPriceBook();
    return book;
  };
  return writeReport(data.request, {
    format: data.format,
    outPath: data.outPath,
    pricing: () => ({ book: priceBook(), ...data.pricing }),
    ctx: {
      t,
      locale: data.locale,
      minGroupSize: data.minGroupSize,
      includeNames: data.includeNames,
      generator: data.generator,
      now: new Date(data.now),
    },
  });
}

const port = parentPort;
if (port && (workerData as Partial<ReportWorkerData> | undefined)?.request)
  void run(workerData as ReportWorkerData)
    .then(
      (written) => port.postMessage({ ok: true, written } satisfies ReportWorkerReply),
      (error: unknown) =>
        port.postMessage({
          ok: false,
          message: error instanceof Error ? error.message : String(error),
        } satisfies ReportWorkerReply),
    )
    .then(releaseHeapAndExit);
