/**
 * The report as an Excel workbook (exceljs): a Summary sheet, one sheet per table (every entity, the periods, the
 * departments), numbers as numbers with number formats (money, percent, integers), a frozen header, and the
 * caveats on a Notes sheet. A value the data does not have is the text "n/a", never an empty cell that adds up
 * as 0; a partial total carries a cell note. exceljs is loaded here only, on the first workbook written.
 */
import type { CellValue, ColumnFormat } from '../../shared/tableModel';
import type { Localize } from '../../shared/template';
import { isNumeric } from '../../shared/numberFormat';
import type { ReportModel, ReportTable } from './model';

const NUMBER_FORMATS: Partial<Record<ColumnFormat, string>> = {
  integer: '#,##0',
  decimal: '#,##0.00####',
  usd: '"$"#,##0.00',
  percent: '0.0%',
};

/** Excel's rules for sheet names: at most 31 characters, none of \ / ? * [ ] :, unique. */
function sheetName(title: string, taken: Set<string>): string {
  const base =
    title
      .replace(/[\\/?*[\]:]/g, ' ')
      .trim()
      .slice(0, 31) || 'Sheet';
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 27)} (${n})`;
  taken.add(name.toLowerCase());
  return name;
}

type Sheet = import('exceljs').Worksheet;

function writeValue(sheet: Sheet, row: number, col: number, value: CellValue, format: ColumnFormat, t: Localize): void {
  const cell = sheet.getCell(row, col);
  if (value === null) {
    cell.value = t('n/a');
    cell.alignment = { horizontal: 'right' };
  } else if (isNumeric(format)) {
    cell.value = Number(value);
    cell.numFmt = NUMBER_FORMATS[format] ?? 'General';
  } else cell.value = value;
}

function tableSheet(sheet: Sheet, table: ReportTable, t: Localize): void {
  const header = sheet.getRow(1);
  table.columns.forEach((c, i) => {
    header.getCell(i + 1).value = c.label;
  });
  header.font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1, xSplit: 1 }];
  const rows = [...table.rows, ...(table.total ? [table.total] : [])];
  rows.forEach((r, n) => {
    table.columns.forEach((c, i) => {
      writeValue(sheet, n + 2, i + 1, r.cells[i] ?? null, c.format, t);
      if (r.partial?.[i]) sheet.getCell(n + 2, i + 1).note = t('partial: leaves out rows without a value');
    });
  });
  if (table.total) sheet.getRow(rows.length + 1).font = { bold: true };
  table.columns.forEach((c, i) => {
    sheet.getColumn(i + 1).width = Math.min(40, Math.max(10, c.label.length + 2, isNumeric(c.format) ? 14 : 18));
  });
}

export async function renderXlsx(model: ReportModel, t: Localize): Promise<Buffer> {
  const { Workbook } = await import('exceljs');
  const book = new Workbook();
  book.creator = model.made;
  const taken = new Set<string>();

  const summary = book.addWorksheet(sheetName(t('Summary'), taken));
  summary.addRow([model.title]).font = { bold: true, size: 14 };
  for (const [label, value] of model.facts) summary.addRow([label, value]);
  summary.addRow([]);
  summary.addRow([t('Figures')]).font = { bold: true };
  for (const f of model.figures) {
    const row = summary.addRow([f.label]);
    writeValue(summary, row.number, 2, f.value, f.format, t);
    if (f.partial) summary.getCell(row.number, 2).note = t('partial: leaves out rows without a value');
    if (f.detail) summary.getCell(row.number, 3).value = f.detail;
  }
  for (const section of model.sections ?? []) {
    summary.addRow([]);
    summary.addRow([section.title]).font = { bold: true };
    for (const line of [...section.paragraphs, ...section.items]) summary.addRow([line]);
  }
  summary.getColumn(1).width = 28;
  summary.getColumn(2).width = 22;
  summary.getColumn(3).width = 60;

  for (const table of model.tables.filter((s) => s.audience !== 'text'))
    tableSheet(book.addWorksheet(sheetName(table.title, taken)), table, t);

  const notes = book.addWorksheet(sheetName(t('Notes'), taken));
  notes.addRow([t('Notes')]).font = { bold: true };
  for (const note of model.notes) notes.addRow([note]);
  notes.addRow([model.made]);
  notes.views = [{ state: 'frozen', ySplit: 1 }];
  notes.getColumn(1).width = 120;
  return Buffer.from(await book.xlsx.writeBuffer());
}
