/**
 * Reports from real fixtures through the same reader and prices as the table: the model's figures, the top entities
 * with an exact "Other", departments folded below the group floor, Markdown, the long CSV, FOCUS against the
 * FOCUS 1.2 mandatory column list, the workbook read back with exceljs, inert HTML from hostile cells, and German.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { Workbook } from 'exceljs';
import type { CostSource } from '../../src/core/pricing/costColumns';
import { createPriceBook } from '../../src/core/pricing/listPrices';
import { buildReportModel, type ReportJob, type ReportRequest, writeReport } from '../../src/core/report/reportJob';
import type { ReportFormat, ReportModel } from '../../src/core/report/model';
import { renderReport } from '../../src/core/report/render';
import { trendReport } from '../../src/core/report/trendReport';
import { readUsageTable } from '../../src/core/table/tableLoad';
import { parseDecimal, sumCells } from '../../src/shared/decimal';
import { english, type Localize } from '../../src/shared/template';
import { german } from './viewSettings';
import { RUNNING_TREND_NOW, runningTrendReport } from '../support/runningTrend';
import { fixture, scratchFolder } from './fixtures';

/** FOCUS 1.2's mandatory columns: FOCUS_Spec v1.2, specification/columns/*.md, "Feature level: Mandatory". */
const FOCUS_12_MANDATORY = [
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'ContractedCost',
  'EffectiveCost',
  'InvoiceIssuerName',
  'ListCost',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'ServiceCategory',
  'ServiceName',
];
/** FOCUS columns that must never be empty on a usage row (ChargeClass is null unless a correction). */
const NOT_NULL = FOCUS_12_MANDATORY.filter((c) => c !== 'ChargeClass');

const book = createPriceBook();
const job = (
  format: ReportFormat,
  outPath = '',
  overrides: Partial<ReportJob['ctx']> = {},
  costSource: CostSource = 'auto',
): ReportJob => ({
  format,
  outPath,
  pricing: () => ({ book, userPrices: new Map(), costSource, problems: [] }),
  ctx: {
    t: english,
    locale: 'en-US',
    minGroupSize: 5,
    includeNames: false,
    generator: 'langdock-usage test',
    now: new Date('2026-12-07T10:00:00Z'),
    ...overrides,
  },
});
const tableOf = (file: string, type?: 'models' | 'users' | 'projects'): ReportRequest => ({
  kind: 'table',
  csvPath: file,
  hints: {},
  facts: { type: type ?? 'unknown', host: 'api.example.test' },
});
const text = async (model: ReportModel, format: ReportFormat, t: Localize = english, locale = 'en-US') =>
  String((await renderReport(model, format, { t, locale, includeNames: false })).content);
const csvRows = (content: string) => parse<Record<string, string>>(content, { columns: true, bom: true });

/** The priced table as the report reads it, for independent sums. */
async function costTotal(file: string): Promise<string | null> {
  const model = await buildReportModel(tableOf(file), job('md'));
  const table = model.data.periods[0].table;
  const i = table.totals.columns.findIndex((c) => c.key === 'cost:usd');
  return table.totals.grandTotal[i];
}

describe('reports', () => {
  const scratch = scratchFolder('langdock-report-');

  describe('the model', () => {
    it('gives the table figures: cost (partial, with its source), requests, tokens and the top model', async () => {
      const model = await buildReportModel(tableOf(fixture('models-byok.csv'), 'models'), job('md'));
      const cost = model.figures.find((f) => f.label === 'Cost')!;
      assert.equal(cost.value, await costTotal(fixture('models-byok.csv')));
      assert.equal(cost.partial, true, 'gemini-2.5-flash has no cost: the total is partial');
      assert.match(cost.detail!, /source/);
      assert.equal(model.figures.find((f) => f.label === 'Requests')!.value, '7272');
      const top = model.figures.find((f) => f.label === 'Top model')!;
      assert.match(top.detail!, /^claude-sonnet-4: share of Cost$/);
      assert.deepEqual(
        model.facts.map(([label]) => label),
        ['Workspace', 'Period', 'Timezone', 'Source file'],
      );
      assert.ok(model.notes.some((n) => /estimated provider cost/.test(n)));
    });

    it('lists the top 10 and folds the rest into one "Other" row that sums them exactly', async () => {
      const header = 'period_start,period_end,org_id,name,provider,bring_your_keys,requests,total_cost_usd';
      const lines = Array.from(
        { length: 14 },
        (_, i) => `2026-10-01,2026-10-31,org-1,model-${i},openai,true,${100 + i},${(i + 1) * 1.1}`,
      );
      const file = await scratch.write('many.csv', [header, ...lines].join('\n'));
      const model = await buildReportModel(tableOf(file, 'models'), job('md'));
      const top = model.tables.find((t) => t.audience === 'text')!;
      assert.equal(top.rows.length, 11);
      const other = top.rows[10];
      assert.equal(other.other, true);
      assert.equal(other.cells[0], 'Other (4 more)');
      const req = top.columns.findIndex((c) => c.key === 'requests');
      assert.equal(other.cells[req], String(100 + 101 + 102 + 103), 'the four smallest by cost');
      const shown = sumCells(top.rows.map((r) => r.cells[req]));
      assert.equal(shown, top.total!.cells[req], 'top rows and Other add up to the total');
      const every = model.tables.find((t) => t.audience === 'workbook')!;
      assert.equal(every.rows.length, 14, 'the workbook lists every entity');
    });

    it('shows one Cost as the table does: Langdock’s cost and the audit only under calculate', async () => {
      const byok = tableOf(fixture('models-byok.csv'), 'models');
      const keys = (model: ReportModel) => model.tables.map((t) => t.columns.map((c) => c.key));
      const auto = await buildReportModel(byok, job('md'));
      for (const columns of keys(auto)) {
        assert.ok(columns.includes('cost:usd'), columns.join());
        assert.ok(!columns.includes('total_cost_usd') && !columns.includes('cost:difference'), columns.join());
      }
      assert.ok(!auto.notes.some((n) => n.startsWith('Computed − Langdock')), auto.notes.join('\n'));
      for (const format of ['html', 'md'] as const) {
        const content = await text(auto, format);
        assert.doesNotMatch(content, /Langdock cost|Computed − Langdock/, format);
      }
      const out = await scratch.write('one-cost.xlsx', '');
      await writeReport(byok, job('xlsx', out));
      const sheets = new Workbook();
      await sheets.xlsx.readFile(out);
      const header = (sheets.getWorksheet('Totals')!.getRow(1).values as unknown[]).slice(1);
      assert.ok(header.includes('Cost') && !header.includes('Langdock cost'), header.join());
      const calculate = await buildReportModel(byok, job('md', '', {}, 'calculate'));
      for (const columns of keys(calculate)) {
        const at = columns.indexOf('cost:usd');
        assert.deepEqual(columns.slice(at, at + 3), ['cost:usd', 'total_cost_usd', 'cost:difference']);
      }
      assert.match(await text(calculate, 'md'), /\| Cost \| Langdock cost \| Computed − Langdock \|/);
    });

    it('derives cost per 1k requests from the Cost shown, never n/a where Cost is known', async () => {
      const header =
        'period_start,period_end,org_id,name,provider,bring_your_keys,requests,sum_prompt_tokens,sum_completion_tokens,total_cost_usd';
      const file = await scratch.write(
        'per1k.csv',
        [
          header,
          '2026-10-01,2026-10-31,org-1,gpt-4.1,openai,true,1000,1000000,200000,3.600000',
          '2026-10-01,2026-10-31,org-1,gpt-4.1-mini,openai,false,500,1000000,100000,',
        ].join('\n'),
      );
      for (const costSource of ['auto', 'calculate'] as const) {
        const { table } = (await buildReportModel(tableOf(file, 'models'), job('md', '', {}, costSource))).data
          .periods[0];
        const at = (key: string) => table.totals.columns.findIndex((c) => c.key === key);
        const per1k = table.totals.columns[at('derived:cost_per_1k_requests')];
        assert.equal(per1k.derived!.numerator, 'cost:usd', costSource);
        assert.match(per1k.description!, /Cost column/);
        for (const row of [...table.totals.rows, { key: 'total', cells: table.totals.grandTotal }]) {
          const cost = row.cells[at('cost:usd')];
          assert.ok(cost !== null, row.key);
          const expected = ((Number(cost) * 1000) / Number(row.cells[at('requests')])).toFixed(6);
          assert.equal(Number(row.cells[at(per1k.key)]).toFixed(6), expected, `${costSource} ${row.key}`);
          if ('notes' in row) assert.equal(row.notes?.[per1k.key], row.notes?.['cost:usd'], 'the source of its Cost');
        }
      }
    });

    it('tables a users export by department, folding departments under the floor into "Other"', async () => {
      const users = fixture('users.csv');
      const loose = await buildReportModel(tableOf(users, 'users'), job('md', '', { minGroupSize: 1 }));
      const strict = await buildReportModel(tableOf(users, 'users'), job('md'));
      const depts = (m: ReportModel) => m.tables.find((t) => t.title === 'By department')!;
      const people = (m: ReportModel) => depts(m).total!.cells[1];
      const rows = (await readUsageTable(users, {})).table.totals.rows.length;
      assert.equal(people(loose), String(rows));
      assert.equal(people(strict), String(rows));
      assert.ok(depts(loose).rows.length > 1);
      assert.deepEqual(
        depts(strict).rows.map((r) => r.cells[0]),
        ['Other (fewer than 5 people)'],
        'no department of the fixture has 5 people',
      );
      const messages = sumCells(depts(loose).rows.map((r) => r.cells[4]));
      assert.equal(messages, depts(loose).total!.cells[4]);
    });

    it('leaves people’s names and e-mail addresses out unless asked for', async () => {
      const users = fixture('users.csv');
      const plain = await text(await buildReportModel(tableOf(users, 'users'), job('md')), 'md');
      assert.doesNotMatch(plain, /Anna Müller|@example\.com/);
      assert.match(plain, /u-0001/);
      const named = await buildReportModel(tableOf(users, 'users'), job('md', '', { includeNames: true }));
      assert.match(await text(named, 'md'), /Anna Müller/);
    });
  });

  it('writes GFM Markdown: a table per section, numbers right-aligned, cells escaped', async () => {
    const md = await text(await buildReportModel(tableOf(fixture('odd-hostile.csv')), job('md')), 'md');
    assert.match(md, /^# Project usage$/m);
    assert.match(md, /^\| Project \| Project ID \| Messages \|$/m);
    assert.match(md, /^\| --- \| --- \| ---: \|$/m);
    assert.match(md, /\\<script\\>alert\('x'\)\\<\/script\\>/);
    assert.doesNotMatch(md, /<script>/);
  });

  it('writes the long CSV: one row per period × entity part, the export’s column names, exact sums', async () => {
    const file = fixture('models-byok-by-source.csv');
    const model = await buildReportModel(tableOf(file, 'models'), job('csv'));
    const rows = csvRows(await text(model, 'csv'));
    const table = model.data.periods[0].table;
    assert.deepEqual(Object.keys(rows[0]).slice(0, 6), [
      'period_start',
      'period_end',
      'name',
      'provider',
      'source',
      'bring_your_keys',
    ]);
    assert.ok(rows.every((r) => r.period_start === '2026-10-01' && r.period_end === '2026-10-31'));
    const raw = csvRows(readFileSync(file, 'utf8'));
    assert.equal(rows.length, raw.length, 'each part is one row');
    const requests = table.totals.columns.findIndex((c) => c.key === 'requests');
    assert.equal(sumCells(rows.map((r) => r.requests || null)), table.totals.grandTotal[requests]);
    assert.equal(sumCells(rows.map((r) => r.cost_usd || null)), await costTotal(file));
  });

  describe('FOCUS 1.2', () => {
    for (const name of ['models-byok.csv', 'api-keys.csv', 'models-byok-by-source.csv']) {
      it(`${name}: every mandatory column, no empty mandatory cell, costs summing exactly to the export’s`, async () => {
        const model = await buildReportModel(tableOf(fixture(name)), job('focus'));
        const rendered = await renderReport(model, 'focus', { t: english, locale: 'en-US', includeNames: false });
        const rows = csvRows(String(rendered.content));
        const header = Object.keys(rows[0]);
        for (const column of FOCUS_12_MANDATORY) assert.ok(header.includes(column), `${column} is missing`);
        assert.ok(
          header.every((c) => FOCUS_12_MANDATORY.includes(c) || /^[A-Z]/.test(c) || c.startsWith('x_')),
          'custom columns are x_-prefixed',
        );
        for (const row of rows) {
          for (const column of NOT_NULL) assert.notEqual(row[column], '', `${column} is empty`);
          assert.equal(row.ChargeClass, '');
          assert.equal(row.ChargeCategory, 'Usage');
          assert.equal(row.BillingCurrency, 'USD');
          for (const c of ['ChargePeriodStart', 'ChargePeriodEnd', 'BillingPeriodStart', 'BillingPeriodEnd'])
            assert.match(row[c], /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
          assert.ok(row.ChargePeriodStart < row.ChargePeriodEnd);
          for (const c of ['BilledCost', 'EffectiveCost', 'ListCost', 'ContractedCost', 'PricingQuantity'])
            assert.ok(parseDecimal(row[c]), `${c} ${row[c]} is a decimal`);
        }
        const table = model.data.periods[0].table;
        const cost = table.totals.columns.findIndex((c) => c.key === 'cost:usd');
        assert.equal(sumCells(rows.map((r) => r.BilledCost)), table.totals.grandTotal[cost]);
        const withoutCost = table.totals.rows.filter((r) => r.cells[cost] === null).length;
        assert.equal(rows.length, table.totals.rows.length - withoutCost);
        assert.equal(rendered.warnings.length, withoutCost > 0 ? 1 : 0, 'rows left out are reported');
      });
    }

    it('has no rows, and says so, for an export without cost', async () => {
      const model = await buildReportModel(tableOf(fixture('users.csv')), job('focus'));
      const rendered = await renderReport(model, 'focus', { t: english, locale: 'en-US', includeNames: false });
      assert.equal(csvRows(String(rendered.content)).length, 0);
      assert.match(rendered.warnings[0], /no rows/);
    });
  });

  it('writes a workbook that reads back with numbers as numbers, totals exact to the cent, frozen header, Notes', async () => {
    const file = fixture('models-byok.csv');
    const out = await scratch.write('report.xlsx', '');
    await writeReport(tableOf(file, 'models'), job('xlsx', out));
    const wb = new Workbook();
    await wb.xlsx.readFile(out);
    assert.deepEqual(
      wb.worksheets.map((s) => s.name),
      ['Summary', 'Totals', 'Notes'],
    );
    const sheet = wb.getWorksheet('Totals')!;
    assert.equal(sheet.views[0].state, 'frozen');
    assert.equal((sheet.views[0] as { ySplit?: number }).ySplit, 1);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const costCol = header.indexOf('Cost') + 1;
    const requestsCol = header.indexOf('Requests') + 1;
    const last = sheet.rowCount;
    assert.equal(sheet.getCell(last, 1).value, 'Total');
    for (let r = 2; r <= last; r++) {
      const requests = sheet.getCell(r, requestsCol).value;
      assert.equal(typeof requests, 'number', `row ${r} requests is a number`);
      const cost = sheet.getCell(r, costCol).value;
      assert.ok(typeof cost === 'number' || cost === 'n/a', `row ${r} cost is a number or n/a`);
    }
    assert.equal(sheet.getCell(2, costCol).numFmt, '"$"#,##0.00');
    const exact = (await costTotal(file))!;
    const cents = (text: string) => {
      const [whole, fraction = ''] = text.split('.');
      return BigInt(whole) * 100n + BigInt(Math.round(Number(`0.${fraction || '0'}`) * 100));
    };
    assert.equal(BigInt(Math.round((sheet.getCell(last, costCol).value as number) * 100)), cents(exact));
    assert.ok(sheet.getCell(last, costCol).note, 'the partial total carries a note');
    const notes = wb.getWorksheet('Notes')!;
    const noteText = (notes.getColumn(1).values as unknown[]).filter((v) => typeof v === 'string').join('\n');
    assert.match(noteText, /estimated provider cost/);
    assert.match(noteText, /Made 2026-12-07 10:00 UTC by langdock-usage test/);
  });

  describe('HTML', () => {
    it('is inert with hostile cells: no script, no event handler, no external URL, every text escaped', async () => {
      const file = fixture('odd-hostile.csv');
      const html = await text(await buildReportModel(tableOf(file), job('html')), 'html');
      assert.doesNotMatch(html, /<script/i);
      // Text cannot hold a tag (every < is escaped), so these look at real tags and their attributes only.
      const tags = html.match(/<[^>]*>/g) ?? [];
      assert.ok(tags.length > 20);
      for (const tag of tags) {
        assert.doesNotMatch(tag, /\son[a-z]+\s*=/i, `no inline event handler: ${tag}`);
        assert.doesNotMatch(tag, /\s(?:src|href|srcset|action|xlink:href)\s*=/i, `no resource attribute: ${tag}`);
        assert.doesNotMatch(tag, /https?:|javascript:|\/\//i, `no URL: ${tag}`);
      }
      assert.doesNotMatch(html, /url\(|@import/i, 'no resource in the style either');
      assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'sha256-/);
      const names = csvRows(readFileSync(file, 'utf8')).map((r) => r.project_name);
      for (const name of names) {
        if (!/[<>&"']/.test(name)) continue;
        assert.ok(!html.includes(name), `raw: ${name}`);
      }
      assert.match(html, /&#60;img src=x onerror=alert\(1\)&#62;/);
    });

    it('draws a trend as inline SVG, with the periods table and missing periods named', async () => {
      const october = (await readUsageTable(fixture('models-byok.csv'), {})).table;
      const model = trendReport(
        {
          facts: {
            type: 'models',
            granularity: 'month',
            range: { from: '2026-09-01', to: '2026-11-30', timezone: 'UTC' },
          },
          periods: [
            { info: { key: '2026-09', from: '2026-09-01', to: '2026-09-30', status: 'missing', error: 'HTTP 500' } },
            { info: { key: '2026-10', from: '2026-10-01', to: '2026-10-31', status: 'done' }, table: october },
            { info: { key: '2026-11', from: '2026-11-01', to: '2026-11-30', status: 'done' }, table: october },
          ],
        },
        job('html').ctx,
      );
      const html = await text(model, 'html');
      assert.match(html, /<svg viewBox="0 0 720 280"/);
      const segments = model.chart!.series.reduce((n, s) => n + s.values.filter((v) => v !== null).length, 0);
      assert.equal(segments, 2 * model.chart!.series.length, 'two periods drawn, the missing one not');
      assert.equal((html.match(/<rect /g) ?? []).length, segments + model.chart!.series.length, 'bars and legend');
      assert.match(html, /Period 2026-09 is missing: HTTP 500/);
      const cost = model.figures.find((f) => f.label === 'Cost (USD)')!;
      const one = october.totals.grandTotal[october.totals.columns.findIndex((c) => c.key === 'total_cost_usd')]!;
      assert.equal(cost.value, sumCells([one, one]));
      assert.equal(cost.partial, true);
    });
  });

  describe('a trend with a running month and a spike', () => {
    const dir = scratchFolder('langdock-trend-report-');
    const model = async (overrides: Partial<ReportJob['ctx']> = {}) =>
      runningTrendReport(path.dirname(await dir.write('.keep', '')), {
        ...job('html').ctx,
        now: RUNNING_TREND_NOW,
        ...overrides,
      });

    it('names the running month, forecasts its end with the range and lists the spikes, in the trend view’s words', async () => {
      const m = await model();
      const running = m.chart!.running!;
      assert.equal(running.period, 6);
      assert.equal(running.text, 'to date (7 of 31 days)');
      // Linear: $3.00 so far ÷ 7 days × 31 days; the band from the earlier months' daily averages.
      assert.equal(running.forecast!.projected, '13.285714');
      assert.ok(Number(running.forecast!.low) <= 13.285714 && Number(running.forecast!.high) >= 13.285714);
      const perPeriod = m.tables.find((t) => t.title === 'Per period')!;
      assert.equal(perPeriod.rows[6].cells[0], '2026-12 to date (7 of 31 days)');
      assert.equal(perPeriod.rows[5].cells[0], '2026-11');
      const forecast = m.sections!.find((s) => s.title === 'Forecast: Cost (USD)')!;
      assert.match(
        forecast.paragraphs[0],
        /^Forecast for 2026-12: \$13\.29 \(range \$[\d.]+ – \$[\d.]+\); \$3\.00 so far$/,
      );
      assert.match(forecast.paragraphs[1], /^Method: the figure so far ÷ 7 days × 31 days \(linear/);
      const spikes = m.sections!.find((s) => s.title === 'Spikes in Cost (USD)')!;
      assert.match(spikes.paragraphs[0], /^Marked ▲: a period more than 3\.5 median absolute deviations/);
      assert.deepEqual(spikes.items, [
        'Total on 2026-11: $40.00, 3.6× its median of $11.00 over the previous 5 months',
        'gpt-4.1 on 2026-11: $34.00, 5.2× its median of $6.50 over the previous 5 months',
      ]);
      assert.deepEqual(
        m.chart!.spikes!.map((s) => s.period),
        [5],
        'never the running month',
      );
    });

    it('draws the running month outlined and hatched up to its forecast, its range, and ▲ over the spike; inert', async () => {
      const m = await model();
      const html = await text(m, 'html');
      assert.match(html, /<text class="running"[^>]*>to date \(7 of 31 days\)<\/text>/);
      const forecast = html.match(/<g class="forecast">([\s\S]*?)<\/g>/)![1];
      assert.match(forecast, /^<title>Forecast for 2026-12: \$13\.29/);
      assert.ok((forecast.match(/<line /g) ?? []).length >= 3, 'hatched');
      assert.match(forecast, /<rect [^>]*fill="none" stroke="#333333"[^>]*stroke-dasharray/);
      assert.match(html, /<g class="forecast-range"/);
      assert.match(
        html,
        /<text class="spike"[^>]*>▲<title>Total on 2026-11: \$40\.00, 3\.6×[^<]*\ngpt-4\.1 on 2026-11/,
      );
      for (const key of ['Forecast', 'Forecast range']) assert.match(html, new RegExp(`</svg>${key}</li>`));
      assert.match(html, /<li>▲ Spike<\/li>/);
      assert.match(html, /<h2>Spikes in Cost \(USD\)<\/h2><p>Marked ▲/);
      assert.doesNotMatch(html, /<script|url\(|https?:/i);
      const md = await text(m, 'md');
      assert.match(md, /^## Forecast: Cost \(USD\)$/m);
      assert.match(md, /^- gpt-4\.1 on 2026-11: \$34\.00, 5\.2× its median of \$6\.50 over the previous 5 months$/m);
      assert.match(md, /^\| 2026-12 to date \(7 of 31 days\) \| 2026-12-01 \| 2026-12-07 \|/m);
    });

    it('says it in German through the same bundle', async () => {
      const m = await model({ t: german, locale: 'de' });
      const html = await text(m, 'html', german, 'de');
      assert.ok(html.includes('bis heute (7 von 31 Tagen)'));
      assert.ok(html.includes('Prognose für 2026-12: 13,29'), 'the forecast in German');
      assert.ok(html.includes('Ausreißer bei Kosten (USD)'));
      assert.match(
        html,
        /Summe am 2026-11: 40,00\s\$, das 3,6-Fache des Medians von 11,00\s\$ über die 5 vorherigen Monate/,
      );
      assert.match(html, /<\/svg>Prognosespanne<\/li>/);
    });
  });

  it('speaks German with the German bundle: headings, notes and numbers', async () => {
    const model = await buildReportModel(
      tableOf(fixture('models-byok.csv'), 'models'),
      job('html', '', { t: german, locale: 'de' }),
    );
    const html = await text(model, 'html', german, 'de');
    for (const word of ['Nutzung nach Modell', 'Kennzahlen', 'Hinweise', 'Kosten', 'Anfragen', 'Summe'])
      assert.ok(html.includes(word), `${word} in the German report`);
    assert.match(html, /7\.272/, 'German digit grouping');
    assert.match(html, /\d+,\d{2}\s\$/, 'German money');
    assert.doesNotMatch(html, />Notes<|>Figures</);
  });
});
