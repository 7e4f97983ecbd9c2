/**
 * A users export by department: people, active people (messages in the period), inactive seats and messages.
 * Shared reports keep small groups unrecognisable: a department with fewer than `minGroupSize` people folds into
 * one "Other" group (GitHub and Microsoft's analytics use a floor of 5). Issue 23's organisation view will own the
 * department rules (src/core/org/); until it lands this is the one copy.
 */
import { parseDecimal, sumCells } from '../../shared/decimal';
import type { CellValue, TotalsTable } from '../../shared/tableModel';
import type { Localize } from '../../shared/template';
import type { ReportRow, ReportTable } from './model';
import { byValueDesc } from './entityColumns';

interface Group {
  name: string;
  people: number;
  active: number;
  /** The messages_total cells of its people. */
  messages: CellValue[];
}

const isActive = (cell: CellValue | undefined) => {
  const value = cell === null || cell === undefined ? undefined : parseDecimal(cell);
  return value !== undefined && Number(value.units) > 0;
};

/** The department table of a users export's totals, or undefined when it has no department column. */
export function departmentTable(totals: TotalsTable, minGroupSize: number, t: Localize): ReportTable | undefined {
  const department = totals.columns.findIndex((c) => c.key === 'department');
  const messages = totals.columns.findIndex((c) => c.key === 'messages_total');
  if (department < 0) return undefined;
  const groups = new Map<string, Group>();
  const noDepartment = t('(no department)');
  for (const row of totals.rows) {
    const name = row.cells[department]?.trim() || noDepartment;
    let group = groups.get(name);
    if (!group) groups.set(name, (group = { name, people: 0, active: 0, messages: [] }));
    group.people++;
    if (messages >= 0) {
      group.messages.push(row.cells[messages]);
      if (isActive(row.cells[messages])) group.active++;
    }
  }
  const kept = [...groups.values()].filter((g) => g.people >= minGroupSize);
  const small = [...groups.values()].filter((g) => g.people < minGroupSize);
  if (small.length > 0)
    kept.push({
      name: t('Other (fewer than {0} people)', String(minGroupSize)),
      people: small.reduce((n, g) => n + g.people, 0),
      active: small.reduce((n, g) => n + g.active, 0),
      messages: small.flatMap((g) => g.messages),
    });
  const toRow = (g: Group, other: boolean): ReportRow => {
    const known = messages >= 0;
    const partial = known && g.messages.some((c) => c === null);
    return {
      cells: [
        g.name,
        String(g.people),
        known ? String(g.active) : null,
        known ? String(g.people - g.active) : null,
        known ? sumCells(g.messages) : null,
      ],
      ...(partial ? { partial: [false, false, false, false, true] } : {}),
      ...(other ? { other } : {}),
    };
  };
  const rows = kept.map((g) => toRow(g, small.length > 0 && g === kept[kept.length - 1]));
  const ranked = [...rows.filter((r) => !r.other).sort(byValueDesc(4)), ...rows.filter((r) => r.other)];
  const all: Group = {
    name: t('Total'),
    people: totals.rows.length,
    active: [...groups.values()].reduce((n, g) => n + g.active, 0),
    messages: [...groups.values()].flatMap((g) => g.messages),
  };
  return {
    title: t('By department'),
    columns: [
      { key: 'department', label: t('Department'), format: 'text' },
      { key: 'people', label: t('People'), format: 'integer' },
      { key: 'active', label: t('Active'), format: 'integer' },
      { key: 'inactive', label: t('Inactive seats'), format: 'integer' },
      { key: 'messages_total', label: t('Messages'), format: 'integer' },
    ],
    rows: ranked,
    total: toRow(all, false),
  };
}
