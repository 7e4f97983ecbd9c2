/**
 * A users trend in real Chromium (issue 23): adoption by department drawn (ratios as lines), and the seat status
 * below it filtering to the people an admin reclaims licences from and copying them as CSV, readable in three
 * themes. The view is built by the core from three months of the sandbox's users.
 */
import * as assert from 'node:assert/strict';
import { parseCsv } from '../../src/core/table/csvTable';
import { periodKey, splitPeriods } from '../../src/core/dates/periods';
import { buildUsageTable } from '../../src/core/table/totals';
import { adoptionMetrics, type AdoptionPeriod } from '../../src/core/org/adoption';
import { seatStatus, seatTable } from '../../src/core/org/seatStatus';
import type { HostToTrend, TrendView } from '../../src/shared/trendProtocol';
import { daysBetween } from '../sandbox/dates';
import { exportColumns, exportRows, toCsv } from '../sandbox/generate';
import { measureTextContrast } from '../support/contrast';
import { screenshot, startHarness, type Harness } from './harness';
import type { ThemeName } from './themes';

const WS = { seed: 1, orgId: 'ws_adoption', byok: false, createdDay: '2026-01-01' };
const english = (s: string) => s;

/** Three months of the sandbox's users, from the workspace's fourth month on. */
async function usersTrend(): Promise<TrendView> {
  const periods = splitPeriods({ from: '2026-04-01', to: '2026-06-30', timezone: 'UTC' }, 'month');
  const loaded: AdoptionPeriod[] = await Promise.all(
    periods.map(async (p) => {
      const rows = exportRows({
        type: 'users',
        ws: WS,
        periodStart: p.from,
        periodEnd: p.to,
        days: daysBetween(p.from, p.to),
        createdDay: WS.createdDay,
      });
      const csv = toCsv(exportColumns('users', false), rows);
      return {
        info: { key: periodKey(p.from, 'month'), from: p.from, to: p.to, status: 'done' as const },
        table: buildUsageTable(await parseCsv(csv), { type: 'users' }),
      };
    }),
  );
  const status = seatStatus(loaded, { from: '2026-04-01', to: '2026-06-30' })!;
  return {
    title: 'User usage, monthly',
    granularity: 'month',
    subtitle: '2026-04-01 – 2026-06-30 · UTC',
    periods: loaded.map((p) => p.info),
    metrics: adoptionMetrics(loaded, english),
    seats: { latest: '2026-06', table: seatTable(status, english) },
  };
}

describe('adoption and seat status in a users trend (Chromium)', function () {
  this.timeout(60000);
  let harness: Harness;
  let view: TrendView;

  before(async () => {
    harness = await startHarness();
    view = await usersTrend();
  });
  after(() => harness.close());

  for (const theme of ['dark', 'light', 'high-contrast'] as ThemeName[]) {
    it(`filters the seat status to the people and copies them as CSV (${theme})`, async () => {
      const wv = await harness.open({ view: 'trend', theme, height: 900 });
      try {
        const message: HostToTrend = { type: 'trend', trendId: 'trend-1', view, locale: 'en-US', strings: {} };
        await wv.page.evaluate((m) => window.postMessage(m, '*'), message);
        const seats = wv.page.locator('.seats');
        await seats.locator('.body .row').first().waitFor();
        assert.match((await seats.locator('.seats-title').textContent()) ?? '', /latest period \(2026-06\)/);
        const people = view.seats!.table.rows.flatMap((r) => r.children ?? []);
        const never = people.filter((p) => p.key.startsWith('never:')).map((p) => p.cells[0]);
        assert.ok(never.length > 0, 'the sandbox has seats never used');
        await seats.locator('#seat-show').selectOption('never');
        await seats.locator('.body .row.child').first().waitFor();
        const shown = await seats
          .locator('.body .row.child [role=rowheader], .body .row.child [role=gridcell]:first-child')
          .allTextContents();
        assert.deepEqual(shown.map((s) => s.trim()).sort(), [...never].sort());
        await seats.getByRole('button', { name: 'Copy as CSV' }).click();
        const copied = (await wv.posted()).find((m) => m.type === 'copy') as
          { format: string; text: string } | undefined;
        assert.equal(copied?.format, 'csv');
        const lines = copied.text.trim().split('\r\n');
        assert.equal(lines.length, never.length + 1, 'a header and one line per person shown');
        assert.match(lines[0], /^Person,Department,Status,/);
        const contrast = await wv.page.evaluate(measureTextContrast, '.seats');
        assert.ok(contrast.min >= 4.5, `contrast ${contrast.min.toFixed(2)}:1 at ${contrast.worst}`);
        await screenshot(wv.page, `adoption-${theme}`);
        assert.deepEqual(await wv.problems(), []);
      } finally {
        await wv.close();
      }
    });
  }
});
