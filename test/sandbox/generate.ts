/**
 * The synthetic-data engine: turns a shape (shapes.ts) and a request into rows. Usage happens day by day (see
 * usage.ts): a range's row is its days' rows combined the way the column's documented aggregation says (sums
 * exactly, min and max as extremes), so the export of a range equals the sum of the exports of its days. Columns
 * that do not combine (ranks, averages, JSON maps, descriptions) follow from the range's totals. Deterministic for
 * a given (seed, workspace, type, days, group_by). The server uses it for responses; benchmarks use generateCsv.
 */
import { EXPORT_TYPE_FACTS, groupingFor, knownColumnFact } from '../../src/core/schema/exportTypes';
import { extremeCell, sumCells } from '../../src/shared/decimal';
import { ExportType, GroupBy } from '../../src/shared/exportType';
import { Cell, csvLine } from './csv';
import { Rng } from './random';
import {
  agentsShape,
  apiKeysShape,
  BaseEntity,
  modelsShape,
  projectsShape,
  Shape,
  usersShape,
  WorkspaceContext,
} from './shapes';
import { dailyCount } from './usage';
import { DAY_MS } from './dates';

/** The API's data types: the extension's five, plus "assistants", the legacy name of agents. */
export type SandboxDataType = ExportType | 'assistants';

const SHAPES: Readonly<Record<SandboxDataType, Shape<BaseEntity, unknown>>> = {
  models: modelsShape,
  users: usersShape,
  agents: agentsShape,
  assistants: agentsShape,
  'api-keys': apiKeysShape,
  projects: projectsShape,
};

/** Both names of the agents export share one data set. */
function family(type: SandboxDataType): ExportType {
  return type === 'assistants' ? 'agents' : type;
}

function groupColumn(type: SandboxDataType, groupBy: GroupBy): string {
  const fact = groupingFor(family(type), groupBy);
  if (!fact) throw new Error(`${type} cannot be grouped by ${groupBy}`);
  return fact.column;
}

export function allowedGroupings(type: SandboxDataType): readonly GroupBy[] {
  return EXPORT_TYPE_FACTS[family(type)].groupings.map((g) => g.value);
}

export interface TableRequest {
  type: SandboxDataType;
  ws: WorkspaceContext;
  groupBy?: GroupBy;
  /** YYYY-MM-DD, as written in the period_start / period_end cells. */
  periodStart: string;
  periodEnd: string;
  /** The civil days (`YYYY-MM-DD`) of the range that have usage, oldest first. */
  days: readonly string[];
  /** The workspace's first day: trends and entities' lifetimes count from it. */
  createdDay: string;
  /** How many entities (default: the workspace's own number for the type; Infinity for benchmarks). */
  entities?: number;
  /** Stop after this many rows. */
  maxRows?: number;
}

export function exportColumns(type: SandboxDataType, byok: boolean, groupBy?: GroupBy): string[] {
  const shape = SHAPES[type];
  return [
    'period_start',
    'period_end',
    'org_id',
    ...shape.identity,
    ...(groupBy ? [groupColumn(type, groupBy)] : []),
    ...shape.metrics,
    ...(byok ? shape.byokMetrics : []),
  ];
}

interface PlannedGroup {
  group: string | undefined;
  /** Requests or messages of this entity × group on each of the request's days. */
  daily: number[];
  total: number;
}

interface PlannedEntity {
  index: number;
  entity: BaseEntity;
  /** Usage of the whole entity in the range. */
  volume: number;
  groups: PlannedGroup[];
}

/** Splits a whole count over weights into whole parts that add up to it exactly (the last part takes the rest). */
function split(count: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  let left = count;
  return weights.map((weight, i) => {
    const part = i === weights.length - 1 ? left : Math.min(left, Math.floor((count * weight) / sum));
    left -= part;
    return part;
  });
}

function plan(req: TableRequest, shape: Shape<BaseEntity, unknown>): PlannedEntity[] {
  const { seed, orgId } = req.ws;
  const kind = family(req.type);
  const limit = req.entities ?? shape.defaultCount;
  const maxRows = req.maxRows ?? Infinity;
  const planned: PlannedEntity[] = [];
  let rows = 0;
  let index = -1;
  for (const entity of shape.entities(req.ws)) {
    index++;
    if (index >= limit || rows >= maxRows) break;
    const perDay = req.days.map((day) => {
      const count = dailyCount({ ws: req.ws, kind, index, rate: entity.rate, day }, req.createdDay);
      const age = (Date.parse(`${day}T00:00:00Z`) - Date.parse(`${req.createdDay}T00:00:00Z`)) / DAY_MS;
      const presence = count === undefined ? 'absent' : (shape.presence?.(entity, age) ?? 'active');
      return presence === 'absent' ? undefined : presence === 'idle' ? 0 : count;
    });
    // An entity with no usage on any day of the range (not yet created, or retired) has no row, as in a real export.
    if (perDay.every((count) => count === undefined)) continue;
    const counts = perDay.map((count) => count ?? 0);
    // Which groups an entity has and how it splits over them belong to the entity, not to the range.
    const groupRng = Rng.of(seed, orgId, kind, 'groups', req.groupBy ?? '', index);
    const names = req.groupBy ? shape.groups(entity, req.groupBy, groupRng) : [undefined];
    const weights = names.map(() => groupRng.between(0.1, 1));
    const parts = counts.map((count) => split(count, weights));
    const groups = names.map((group, g) => {
      const daily = parts.map((dayParts) => dayParts[g]);
      return { group, daily, total: daily.reduce((a, b) => a + b, 0) };
    });
    planned.push({ index, entity, volume: counts.reduce((a, b) => a + b, 0), groups });
    rows += names.length;
  }
  return planned;
}

type Combine = 'sum' | 'min' | 'max';

/** For each metric cell position, how its days combine (by the column's documented aggregation), or undefined. */
function combiners(shape: Shape<BaseEntity, unknown>, byok: boolean): Array<Combine | undefined> {
  return [...shape.metrics, ...(byok ? shape.byokMetrics : [])].map((column) => {
    const aggregate = knownColumnFact(column)?.aggregate;
    return aggregate === 'sum' || aggregate === 'min' || aggregate === 'max' ? aggregate : undefined;
  });
}

function combine(how: Combine, cells: readonly Cell[]): Cell {
  const texts = cells.map((cell) => (cell === null ? null : String(cell)));
  return how === 'sum' ? sumCells(texts) : extremeCell(texts, how);
}

export function* exportRows(req: TableRequest): Generator<Cell[]> {
  const shape = SHAPES[req.type];
  const { seed, orgId } = req.ws;
  const kind = family(req.type);
  const planned = plan(req, shape);
  const prepared = shape.prepare?.(planned);
  const how = combiners(shape, req.ws.byok);
  const maxRows = req.maxRows ?? Infinity;
  const rangeKey = `${req.days[0]}|${req.days.at(-1)}`;
  let emitted = 0;
  for (const { index, entity, groups } of planned) {
    for (const { group, daily, total } of groups) {
      if (emitted++ >= maxRows) return;
      const cells = (dayVolume: number, rng: Rng): Cell[] =>
        shape.metricCells({ entity, volume: dayVolume, group, ws: req.ws, rng }, prepared);
      // The range's own cells give what does not combine; the days' cells give what does.
      const metrics = cells(total, Rng.of(seed, orgId, kind, rangeKey, req.groupBy ?? '', index, group ?? ''));
      const days = daily.map((count, d) =>
        cells(count, Rng.of(seed, orgId, kind, req.days[d], req.groupBy ?? '', index, group ?? '')),
      );
      how.forEach((rule, column) => {
        if (rule)
          metrics[column] = combine(
            rule,
            days.map((day) => day[column]),
          );
      });
      yield [
        req.periodStart,
        req.periodEnd,
        orgId,
        ...shape.identityCells(entity),
        ...(group === undefined ? [] : [group]),
        ...metrics,
      ];
    }
  }
}

export function toCsv(columns: readonly string[], rows: Iterable<readonly Cell[]>): string {
  let out = csvLine(columns);
  for (const row of rows) out += csvLine(row);
  return out;
}

/** JSON-route rows: one object per row, numbers as numbers, empty cells as null. */
export function toJsonRows(columns: readonly string[], rows: Iterable<readonly Cell[]>): Record<string, Cell>[] {
  return Array.from(rows, (row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
}

// ---------------------------------------------------------------------------------------------------------------
// Big files for benchmarks

export interface GenerateCsvOptions {
  type: SandboxDataType;
  /** Data rows wanted (the header comes on top). */
  rows: number;
  seed?: number;
  byok?: boolean;
  groupBy?: GroupBy;
}

/**
 * One day of a synthetic workspace whose entities all have usage: big files cost one day's work per row, and their
 * volumes do not matter.
 */
function benchmarkRequest(opts: GenerateCsvOptions): TableRequest {
  const byok = opts.byok ?? true;
  return {
    type: opts.type,
    ws: { seed: opts.seed ?? 1, orgId: byok ? 'ws_bench_byok' : 'ws_bench_managed', byok, createdDay: '2025-10-01' },
    groupBy: opts.groupBy,
    periodStart: '2026-01-01',
    periodEnd: '2026-01-01',
    days: ['2026-01-01'],
    createdDay: '2025-10-01',
    entities: Infinity,
    maxRows: opts.rows,
  };
}

/** The CSV in pieces of about a thousand lines, so a benchmark can stream millions of rows to disk. */
function* generateCsvChunks(opts: GenerateCsvOptions): Generator<string> {
  const req = benchmarkRequest(opts);
  let chunk = csvLine(exportColumns(req.type, req.ws.byok, req.groupBy));
  let lines = 1;
  for (const row of exportRows(req)) {
    chunk += csvLine(row);
    if (++lines % 1000 === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

export function generateCsv(opts: GenerateCsvOptions): string {
  return Array.from(generateCsvChunks(opts)).join('');
}
