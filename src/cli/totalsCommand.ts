/**
 * `langdock-usage totals FILE.csv`: offline, the table's per-entity totals as the extension shows them (the same
 * reader, totals and cost columns). JSON cells are exact decimal text or null, never rounded.
 */
import { parseArgs } from 'node:util';
import { readUsageTable } from '../core/table/tableLoad';
import { EXPORT_TYPE_FACTS } from '../core/schema/exportTypes';
import { csvText } from '../core/report/csvText';
import { markdownTable } from '../core/report/markdown';
import { blankText, partialMarks } from '../core/report/entityColumns';
import { pricedTable } from '../core/report/reportJob';
import { makeNumberFormats, isNumeric } from '../shared/numberFormat';
import type { TotalsRow, UsageTable } from '../shared/tableModel';
import { english } from '../shared/template';
import { entityTexts } from '../shared/entityTexts';
import * as check from './checks';
import { EXIT, type ExitCode, UsageError } from './cliError';
import type { CliIo } from './io';
import { COST_SOURCE_OPTION, costSourceOf, inputFile, listPricing } from './offline';

function rowName(table: UsageTable, row: TotalsRow): string {
  const key = table.exportType === 'unknown' ? undefined : EXPORT_TYPE_FACTS[table.exportType].entityName;
  const index = key ? table.totals.columns.findIndex((c) => c.key === key) : -1;
  return (index >= 0 ? row.cells[index] : null) ?? row.key;
}

/**
 * The columns the table shows by default of its cost: one Cost, Langdock's own column and the audit of it only
 * under `--cost-source calculate` (the pricing marks them hidden otherwise, as for the table).
 */
function shownColumns(table: UsageTable): number[] {
  return table.totals.columns.flatMap((c, i) => (c.hidden ? [] : [i]));
}

export async function totalsCommand(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { format: { type: 'string' }, help: { type: 'boolean', short: 'h' }, ...COST_SOURCE_OPTION },
  });
  if (positionals.length > 1) throw new UsageError('totals reads one CSV file.');
  const file = inputFile(io.cwd, positionals[0], 'FILE.csv');
  const format = check.oneOf('format', values.format, ['json', 'csv', 'md'] as const, 'json');
  const pricing = listPricing(costSourceOf(values['cost-source']));
  const loaded = await readUsageTable(file, {});
  const table = pricedTable(loaded.table, loaded.buckets, pricing, english);
  const shown = shownColumns(table);
  const pick = <T>(cells: readonly T[]): T[] => shown.map((i) => cells[i]);
  const columns = pick(table.totals.columns);
  const rows = table.totals.rows;
  const grandTotal = pick(table.totals.grandTotal);
  for (const warning of table.warnings) io.warn(warning);
  switch (format) {
    case 'json':
      io.out(
        JSON.stringify(
          {
            exportType: table.exportType,
            columns: columns.map((c) => ({ key: c.key, label: c.label, aggregate: c.aggregate })),
            rows: rows.map((r) => ({ name: rowName(table, r), cells: pick(r.cells) })),
            grandTotal,
          },
          null,
          2,
        ) + '\n',
      );
      break;
    case 'csv':
      io.out(
        csvText(
          columns.map((c) => c.key),
          [...rows.map((r) => pick(r.cells)), grandTotal],
          columns.map((c) => isNumeric(c.format)),
        ),
      );
      break;
    case 'md': {
      const withPartial = (row: Pick<TotalsRow, 'unknown' | 'notes'>) => {
        const partial = partialMarks(row, table.totals.columns, shown);
        return partial ? { partial } : {};
      };
      const grand = { unknown: table.totals.grandUnknown, notes: table.totals.grandNotes };
      const mdColumns = columns.map((c) => ({ key: c.key, label: c.label, format: c.format }));
      const section = {
        title: entityTexts(table.totals.entity).totals,
        columns: mdColumns,
        rows: rows.map((r) => ({ cells: pick(r.cells), ...withPartial(r) })),
        total: blankText({ cells: ['Total', ...grandTotal.slice(1)], ...withPartial(grand) }, mdColumns),
      };
      io.out(markdownTable(section, english, makeNumberFormats('en-US')).join('\n'));
      break;
    }
  }
  return EXIT.done;
}
