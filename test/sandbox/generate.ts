/**
 * The synthetic-data engine: turns a shape (shapes.ts) and a request into rows. Deterministic for a given
 * (seed, workspace, type, range, group_by), with volumes that scale with the number of days covered. The server
 * uses it for responses; benchmarks use generateCsv to make big files of any shape.
 */
import { EXPORT_TYPE_FACTS, groupingFor } from '../../src/core/exportTypes';
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
  /** Days of usage the range covers (fractional for partial days). Volumes are proportional to it. */
  days: number;
  /** Distinguishes two ranges of equal length so they do not give identical numbers. */
  rangeKey: string;
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

interface PlannedEntity {
  index: number;
  entity: BaseEntity;
  volume: number;
  groups: ReadonlyArray<{ group: string | undefined; share: number }>;
}

function plan(req: TableRequest, shape: Shape<BaseEntity, unknown>): PlannedEntity[] {
  const { seed, orgId } = req.ws;
  const kind = family(req.type);
  const limit = req.entities ?? shape.defaultCount;
  const maxRows = req.maxRows ?? Infinity;
  const planned: PlannedEntity[] = [];
  let rows = 0;
  for (const entity of shape.entities(req.ws)) {
    const index = planned.length;
    if (index >= limit || rows >= maxRows) break;
    const volume = entity.rate * req.days * Rng.of(seed, orgId, kind, req.rangeKey, index).between(0.85, 1.15);
    // Which groups an entity has and how it splits over them belong to the entity, not to the range.
    const groupRng = Rng.of(seed, orgId, kind, 'groups', req.groupBy ?? '', index);
    const names = req.groupBy ? shape.groups(entity, req.groupBy, groupRng) : [undefined];
    const weights = names.map(() => groupRng.between(0.1, 1));
    const sum = weights.reduce((a, b) => a + b, 0);
    planned.push({ index, entity, volume, groups: names.map((group, i) => ({ group, share: weights[i] / sum })) });
    rows += names.length;
  }
  return planned;
}

export function* exportRows(req: TableRequest): Generator<Cell[]> {
  const shape = SHAPES[req.type];
  const { seed, orgId } = req.ws;
  const planned = plan(req, shape);
  const prepared = shape.prepare?.(planned);
  const maxRows = req.maxRows ?? Infinity;
  let emitted = 0;
  for (const { index, entity, volume, groups } of planned) {
    for (const { group, share } of groups) {
      if (emitted++ >= maxRows) return;
      const rng = Rng.of(seed, orgId, family(req.type), req.rangeKey, req.groupBy ?? '', index, group ?? '');
      yield [
        req.periodStart,
        req.periodEnd,
        orgId,
        ...shape.identityCells(entity),
        ...(group === undefined ? [] : [group]),
        ...shape.metricCells(
          { entity, entityVolume: volume, volume: volume * share, group, ws: req.ws, rng },
          prepared,
        ),
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

/** A 30-day period of a synthetic workspace, so benchmark files look like a monthly export. */
function benchmarkRequest(opts: GenerateCsvOptions): TableRequest {
  const byok = opts.byok ?? true;
  return {
    type: opts.type,
    ws: { seed: opts.seed ?? 1, orgId: byok ? 'ws_bench_byok' : 'ws_bench_managed', byok },
    groupBy: opts.groupBy,
    periodStart: '2026-01-01',
    periodEnd: '2026-01-30',
    days: 30,
    rangeKey: 'bench',
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
