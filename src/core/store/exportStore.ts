/**
 * Saved exports on disk, the one source of truth for the tree, the panel and re-runs.
 *
 * Layout under the store folder: `exports/<id>.csv` with `exports/<id>.json` beside it (the metadata record),
 * and `tmp/` for downloads in flight. A CSV is renamed into place first and its metadata last, so the metadata
 * file is the commit marker: an export is listed only when both exist, and anything else is a leftover that
 * `cleanLeftovers` removes at a later start, once it is an hour old (other windows share the store).
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { randomBytes } from 'crypto';
import type { ExportType, GroupBy } from '../../shared/exportType';
import { isExportType } from '../../shared/exportType';
import type { DateRange } from '../dates/dateRange';

export interface ExportRecord {
  id: string;
  type: ExportType;
  groupBy?: GroupBy;
  range: DateRange;
  recordCount: number;
  /** ISO time the export was saved. */
  createdAt: string;
  /** The API host the export came from (no path, no credentials). */
  host: string;
  /** Size of the CSV in bytes. */
  fileSize: number;
  /** The server's `filePath`, kept for support. */
  serverFilePath?: string;
  /** A period of a trend, not an entry of the recent list: kept while a trend needs it (see `retainWith`). */
  hidden?: boolean;
}

export interface PendingExport {
  id: string;
  /** Where the download goes; `commit` moves it into place. */
  tempCsv: string;
}

export type StoreListener = () => void;

const RECORD_VERSION = 1;
/**
 * A file in flight is written or renamed within seconds (a download's every chunk touches it); one untouched this
 * long is a crash's leftover.
 */
const LEFTOVER_AGE_MS = 60 * 60 * 1000;

/** The names in a folder; none when it does not exist. */
async function readNames(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export class ExportStore {
  private readonly exportsDir: string;
  private readonly tmpDir: string;
  private readonly listeners = new Set<StoreListener>();
  /** Damaged records already reported: the list is read often, the log line is needed once. */
  private readonly reported = new Set<string>();
  /** Ids that something else (the saved trends) still needs: pruning hides them instead of deleting them. */
  private retained: () => Promise<ReadonlySet<string>> = () => Promise.resolve(new Set());

  constructor(
    root: string,
    private readonly log: (message: string) => void = () => undefined,
    /** The clock exports are stamped with (tests step it instead of waiting). */
    private readonly now: () => Date = () => new Date(),
  ) {
    this.exportsDir = path.join(root, 'exports');
    this.tmpDir = path.join(root, 'tmp');
  }

  /** The folder that holds the saved CSVs (watched for changes made by other windows). */
  get folder(): string {
    return this.exportsDir;
  }

  csvPath(id: string): string {
    return path.join(this.exportsDir, `${id}.csv`);
  }

  private metaPath(id: string): string {
    return path.join(this.exportsDir, `${id}.json`);
  }

  onDidChange(listener: StoreListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Tells listeners the store changed (also called when another window changed the folder). */
  fireChanged(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /**
   * Removes downloads left by a crash and CSVs whose metadata never got written. Only old ones: another window
   * sharing the store may be downloading or committing that very file now (a second window once deleted the first
   * one's download in flight).
   */
  async cleanLeftovers(): Promise<void> {
    for (const name of await readNames(this.tmpDir)) await this.removeIfLeftOver(this.tmpDir, name);
    const names = await readNames(this.exportsDir);
    const committed = new Set(names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)));
    for (const name of names) {
      const orphanCsv = name.endsWith('.csv') && !committed.has(name.slice(0, -4));
      if (orphanCsv || name.includes('.json.')) await this.removeIfLeftOver(this.exportsDir, name);
    }
  }

  private async removeIfLeftOver(dir: string, name: string): Promise<void> {
    const file = path.join(dir, name);
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat || Date.now() - stat.mtimeMs < LEFTOVER_AGE_MS) return;
    this.log(`Removing leftover file ${name}`);
    await fs.rm(file, { force: true });
  }

  /** Reserves an id and a temp file for a download. */
  async begin(type: ExportType, range: DateRange): Promise<PendingExport> {
    await fs.mkdir(this.tmpDir, { recursive: true });
    const stamp = this.now().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
    const id = `${type}-${range.from}-${range.to}-${stamp}-${randomBytes(3).toString('hex')}`;
    return { id, tempCsv: path.join(this.tmpDir, `${id}.csv.part`) };
  }

  /** Removes what `begin` and the download left, after a failure or a cancel. */
  async abandon(pending: PendingExport): Promise<void> {
    await fs.rm(pending.tempCsv, { force: true });
  }

  /** Moves a finished download into place, writes its metadata, prunes, and notifies. */
  async commit(
    pending: PendingExport,
    details: Omit<ExportRecord, 'id' | 'fileSize' | 'createdAt'>,
    limit: number,
  ): Promise<ExportRecord> {
    await fs.mkdir(this.exportsDir, { recursive: true });
    const { size } = await fs.stat(pending.tempCsv);
    const record: ExportRecord = { ...details, id: pending.id, fileSize: size, createdAt: this.now().toISOString() };
    const csv = this.csvPath(pending.id);
    try {
      await fs.rename(pending.tempCsv, csv);
      await writeFileAtomic(this.metaPath(pending.id), JSON.stringify({ version: RECORD_VERSION, ...record }, null, 2));
    } catch (error) {
      await fs.rm(csv, { force: true });
      await fs.rm(pending.tempCsv, { force: true });
      throw error;
    }
    await this.prune(limit);
    this.fireChanged();
    return record;
  }

  /** Every committed export, newest first. A damaged record is skipped with a log line. */
  async list(): Promise<ExportRecord[]> {
    const names = await readNames(this.exportsDir);
    const csvs = new Set(names.filter((n) => n.endsWith('.csv')));
    const records: ExportRecord[] = [];
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const id = name.slice(0, -5);
      if (!csvs.has(`${id}.csv`)) continue;
      const record = await this.readRecord(id);
      if (record) records.push(record);
    }
    return records.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
  }

  async get(id: string): Promise<ExportRecord | undefined> {
    return (await this.list()).find((r) => r.id === id);
  }

  async delete(id: string): Promise<void> {
    // Metadata first: a crash in between leaves an orphan CSV, which cleanLeftovers removes.
    await fs.rm(this.metaPath(id), { force: true });
    await fs.rm(this.csvPath(id), { force: true });
    this.fireChanged();
  }

  retainWith(retained: () => Promise<ReadonlySet<string>>): void {
    this.retained = retained;
  }

  /**
   * Deletes the oldest listed exports beyond `limit`; one that a trend still needs leaves the list but stays on
   * disk (hidden). With `collect`, hidden exports that nothing needs any more are deleted too.
   */
  async prune(limit: number, collect = false): Promise<void> {
    const records = await this.list();
    const retained = await this.retained();
    const listed = records.filter((r) => !r.hidden);
    const candidates = [...listed.slice(Math.max(1, limit)), ...(collect ? records.filter((r) => r.hidden) : [])];
    for (const record of candidates) {
      if (!retained.has(record.id)) {
        await fs.rm(this.metaPath(record.id), { force: true });
        await fs.rm(this.csvPath(record.id), { force: true });
      } else if (!record.hidden) {
        await writeFileAtomic(
          this.metaPath(record.id),
          JSON.stringify({ version: RECORD_VERSION, ...record, hidden: true }, null, 2),
        );
      }
    }
  }

  private async readRecord(id: string): Promise<ExportRecord | undefined> {
    try {
      const raw: unknown = JSON.parse(await fs.readFile(this.metaPath(id), 'utf8'));
      const record = validateRecord(raw, id);
      if (!record) this.reportOnce(id, `Skipping damaged export record ${id}.json`);
      return record;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      this.reportOnce(id, `Skipping unreadable export record ${id}.json: ${(error as Error).message}`);
      return undefined;
    }
  }

  private reportOnce(id: string, message: string): void {
    if (this.reported.has(id)) return;
    this.reported.add(id);
    this.log(message);
  }
}

function validateRecord(raw: unknown, id: string): ExportRecord | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const range = r.range as Record<string, unknown> | undefined;
  const ok =
    r.id === id &&
    isExportType(r.type) &&
    typeof range === 'object' &&
    range !== null &&
    typeof range.from === 'string' &&
    typeof range.to === 'string' &&
    typeof range.timezone === 'string' &&
    typeof r.recordCount === 'number' &&
    typeof r.createdAt === 'string' &&
    typeof r.host === 'string' &&
    typeof r.fileSize === 'number' &&
    (r.groupBy === undefined || typeof r.groupBy === 'string');
  if (!ok) return undefined;
  return {
    id,
    type: r.type as ExportType,
    ...(r.groupBy !== undefined ? { groupBy: r.groupBy as GroupBy } : {}),
    range: { from: range.from as string, to: range.to as string, timezone: range.timezone as string },
    recordCount: r.recordCount as number,
    createdAt: r.createdAt as string,
    host: r.host as string,
    fileSize: r.fileSize as number,
    ...(typeof r.serverFilePath === 'string' ? { serverFilePath: r.serverFilePath } : {}),
    ...(r.hidden === true ? { hidden: true } : {}),
  };
}

/** Writes a file through a temp file in the same folder and a rename, so readers never see half of it. */
export async function writeFileAtomic(file: string, content: string | Uint8Array): Promise<void> {
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await fs.open(temp, 'w');
    try {
      await handle.writeFile(content, typeof content === 'string' ? 'utf8' : undefined);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}
