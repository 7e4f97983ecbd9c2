/**
 * Saved trends: `trends/<id>.json` beside the exports folder, each naming the saved export of every period it has.
 * The periods themselves are ordinary exports in the export store (hidden from the recent list when a trend made
 * them); the store keeps every export a saved trend names when it prunes, and deleting a trend deletes the hidden
 * exports that no other trend names.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { randomBytes } from 'crypto';
import type { DateRange } from '../dates/dateRange';
import { type ExportStore, writeFileAtomic } from './exportStore';
import { isGranularity, type Granularity } from '../dates/periods';
import { isExportType, type ExportType, type GroupBy } from '../../shared/exportType';

interface TrendPeriodRecord {
  from: string;
  to: string;
  /** The saved export of the period, once there is one. */
  exportId?: string;
  /** Why the period's export failed the last time it was asked for. */
  error?: string;
}

/** What a trend is: one export type (and grouping) over a range, one export per period of the granularity. */
export interface TrendSpec {
  type: ExportType;
  granularity: Granularity;
  range: DateRange;
  groupBy?: GroupBy;
}

export interface TrendRecord extends TrendSpec {
  id: string;
  host: string;
  /** ISO time of the last run. */
  createdAt: string;
  periods: TrendPeriodRecord[];
}

const RECORD_VERSION = 1;

export class TrendStore {
  private readonly dir: string;
  /** Exports saved by a running trend and not yet written into its record: never collected meanwhile. */
  private readonly claimed = new Set<string>();
  /** The write under way per record: the next one waits for it. */
  private readonly writing = new Map<string, Promise<void>>();

  constructor(
    root: string,
    private readonly exports: ExportStore,
    private readonly log: (message: string) => void = () => undefined,
  ) {
    this.dir = path.join(root, 'trends');
    exports.retainWith(() => this.referenced());
  }

  /** A new trend record for a spec (not saved yet). */
  create(spec: TrendSpec, host: string): TrendRecord {
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
    return {
      id: `trend-${spec.type}-${spec.granularity}-${spec.range.from}-${spec.range.to}-${stamp}-${randomBytes(3).toString('hex')}`,
      type: spec.type,
      ...(spec.groupBy ? { groupBy: spec.groupBy } : {}),
      granularity: spec.granularity,
      range: spec.range,
      host,
      createdAt: new Date().toISOString(),
      periods: [],
    };
  }

  /** The saved trend of the same spec from the same host, if any: running a trend again updates it. */
  async find(spec: TrendSpec, host: string): Promise<TrendRecord | undefined> {
    return (await this.list()).find(
      (t) =>
        t.host === host &&
        t.type === spec.type &&
        t.groupBy === spec.groupBy &&
        t.granularity === spec.granularity &&
        t.range.from === spec.range.from &&
        t.range.to === spec.range.to &&
        t.range.timezone === spec.range.timezone,
    );
  }

  /**
   * Writes the record as it is when its turn comes. A running trend saves after each period, two at a time: writes
   * of one record run one after another, or an older one renamed last would leave a period out of the file.
   */
  async save(record: TrendRecord): Promise<void> {
    const write = (this.writing.get(record.id) ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.write(record));
    this.writing.set(record.id, write);
    try {
      await write;
    } finally {
      if (this.writing.get(record.id) === write) this.writing.delete(record.id);
    }
  }

  private async write(record: TrendRecord): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    await writeFileAtomic(this.file(record.id), JSON.stringify({ version: RECORD_VERSION, ...record }, null, 2));
    for (const p of record.periods) if (p.exportId) this.claimed.delete(p.exportId);
    this.exports.fireChanged();
  }

  /** Keeps an export from being collected until the trend that made it is saved with it. */
  claim(exportId: string): void {
    this.claimed.add(exportId);
  }

  async list(): Promise<TrendRecord[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const records: TrendRecord[] = [];
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const id = name.slice(0, -5);
      try {
        const record = validateTrend(JSON.parse(await fs.readFile(this.file(id), 'utf8')), id);
        if (record) records.push(record);
        else this.log(`Skipping damaged trend record ${name}`);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
          this.log(`Skipping unreadable trend record ${name}: ${(error as Error).message}`);
      }
    }
    return records.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
  }

  async get(id: string): Promise<TrendRecord | undefined> {
    return (await this.list()).find((t) => t.id === id);
  }

  /** Deletes the trend, then the hidden period exports nothing needs any more. */
  async delete(id: string, limit: number): Promise<void> {
    await fs.rm(this.file(id), { force: true });
    await this.exports.prune(limit, true);
    this.exports.fireChanged();
  }

  /** Deletes the oldest trends beyond `limit` and what only they needed. */
  async prune(limit: number): Promise<void> {
    const trends = await this.list();
    for (const trend of trends.slice(Math.max(1, limit))) await fs.rm(this.file(trend.id), { force: true });
    if (trends.length > limit) await this.exports.prune(limit, true);
  }

  private async referenced(): Promise<ReadonlySet<string>> {
    const ids = new Set(this.claimed);
    for (const trend of await this.list()) for (const p of trend.periods) if (p.exportId) ids.add(p.exportId);
    return ids;
  }

  private file(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }
}

function validateTrend(raw: unknown, id: string): TrendRecord | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const range = r.range as Record<string, unknown> | undefined;
  const periods = Array.isArray(r.periods) ? (r.periods as unknown[]) : undefined;
  const ok =
    r.id === id &&
    isExportType(r.type) &&
    isGranularity(r.granularity) &&
    typeof range === 'object' &&
    range !== null &&
    typeof range.from === 'string' &&
    typeof range.to === 'string' &&
    typeof range.timezone === 'string' &&
    typeof r.host === 'string' &&
    typeof r.createdAt === 'string' &&
    (r.groupBy === undefined || typeof r.groupBy === 'string') &&
    periods !== undefined;
  if (!ok) return undefined;
  const checked: TrendPeriodRecord[] = [];
  for (const p of periods) {
    if (typeof p !== 'object' || p === null) return undefined;
    const { from, to, exportId, error } = p as Record<string, unknown>;
    if (typeof from !== 'string' || typeof to !== 'string') return undefined;
    checked.push({
      from,
      to,
      ...(typeof exportId === 'string' ? { exportId } : {}),
      ...(typeof error === 'string' ? { error } : {}),
    });
  }
  return {
    id,
    type: r.type as ExportType,
    ...(r.groupBy !== undefined ? { groupBy: r.groupBy as GroupBy } : {}),
    granularity: r.granularity as Granularity,
    range: { from: range.from as string, to: range.to as string, timezone: range.timezone as string },
    host: r.host as string,
    createdAt: r.createdAt as string,
    periods: checked,
  };
}
