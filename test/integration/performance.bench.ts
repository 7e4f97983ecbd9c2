/** Figures that `npm run bench` reads from the real extension host (it runs this file alone). */
import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { LangdockClient } from '../../src/core/api/api';
import { toRequestBody } from '../../src/core/dates/dateRange';
import type { ExportRecord } from '../../src/core/store/exportStore';
import { describePhases, openPhases, type OpenPhases } from '../../src/views/openTimeline';
import type { ShownTable } from '../../src/views/usagePanel';
import { daysAgo, exportModels, extensionApi, keys, resetSandbox, sandboxUrl, useKey } from './helpers';
import { settle, startProfile, watchEventLoop } from './hostProbe';
import { waitFor } from '../support/waitFor';

describe('performance', () => {
  // Figures only: the bench judges them against their targets; a timed assertion would be flaky on a busy machine.
  it('reports how long activate() took', async () => {
    const api = await extensionApi();
    assert.ok(Number.isFinite(api.activationMs));
    console.log(`activation: ${api.activationMs.toFixed(2)} ms`);
  });

  it('opens a typical export as a painted table (median of 9), with its breakdown', async () => {
    const api = await extensionApi();
    await resetSandbox();
    await useKey(keys.byok);
    const range = { from: daysAgo(30), to: daysAgo(1), timezone: 'UTC' };
    // The network half of a typical export, timed with the extension's own client against the sandbox.
    const client = new LangdockClient({ baseUrl: sandboxUrl, apiKey: () => keys.byok });
    const requestStart = performance.now();
    const envelope = await client.requestExport('models', toRequestBody(range), 'source');
    const request = performance.now() - requestStart;
    const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'langdock-bench-'));
    const downloadStart = performance.now();
    await client.download(envelope.downloadUrl, path.join(scratch, 'export.csv'));
    const download = performance.now() - downloadStart;
    await fs.rm(scratch, { recursive: true, force: true });

    const record = (await exportModels({ ...range, groupBy: 'source' })) as ExportRecord;
    assert.ok(record);
    const csvPath = path.join(api.exportsFolder, `${record.id}.csv`);
    const runs: { total: number; screen: number; command: number; phases: OpenPhases; embedded: boolean }[] = [];
    for (let i = 0; i < 9; i++) {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const started = Date.now();
      await vscode.commands.executeCommand('langdock.openExport', record.id);
      let shown: ShownTable | undefined;
      for (let j = 0; j < 1500 && !shown?.paintedAt; j++) {
        shown = (await api.shownTables()).find((t) => t.csvPath === csvPath);
        if (!shown?.paintedAt) await new Promise((r) => setTimeout(r, 10));
      }
      assert.ok(shown?.paintedAt, 'the webview reported the painted table');
      assert.ok(shown.timeline.webview, 'the painted message carried the webview timing');
      runs.push({
        total: shown.paintedAt - started,
        // The same machine's clock: when the painted frame was on screen, before its message travelled back.
        screen: Math.round(shown.timeline.webview.painted - started),
        command: shown.timeline.created - started,
        phases: openPhases(shown.timeline),
        embedded: shown.timeline.embedded === true,
      });
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const phase = (name: keyof OpenPhases) => median(runs.map((r) => r.phases[name] ?? NaN));
    console.log(
      `table open: ${median(runs.map((r) => r.total))} ms (command to painted table, ${record.recordCount} records, ${record.fileSize} bytes; runs ${runs.map((r) => r.total).join(', ')} ms)`,
    );
    // Medians per phase, so they need not add up to the median total. "boot" is frame + load: from the page being
    // set to the webview's script running.
    const phases = (['parse', 'html', 'frame', 'load', 'table', 'paint', 'report'] as const)
      .map((name) => `${name} ${phase(name)} ms`)
      .join(', ');
    console.log(
      `table open breakdown: request ${request.toFixed(0)} ms, download ${download.toFixed(0)} ms, ` +
        `command ${median(runs.map((r) => r.command))} ms, ${phases}, screen ${median(runs.map((r) => r.screen))} ms, ` +
        `boot ${median(runs.map((r) => (r.phases.frame ?? NaN) + (r.phases.load ?? NaN)))} ms ` +
        `(table in the page in ${runs.filter((r) => r.embedded).length} of ${runs.length} runs)`,
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  // The bench passes its generated large files (test/bench/largeFiles.ts); a plain run has none.
  const largeFiles = (process.env.LANGDOCK_BENCH_LARGE_CSVS ?? '').split(path.delimiter).filter(Boolean);
  const profileDir = process.env.LANGDOCK_BENCH_PROFILE_DIR;
  for (const file of largeFiles) {
    it(`opens ${path.basename(file)}: the host's longest stall, first rows, the whole table usable`, async () => {
      const api = await extensionApi();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await settle();
      const profiler = profileDir ? await startProfile() : undefined;
      const loop = watchEventLoop();
      const started = Date.now();
      await vscode.commands.executeCommand('langdock.openCsvInTable', vscode.Uri.file(file));
      const shown = await waitFor(
        () => api.shownTables({ withTables: false }).then((all) => all.find((t) => t.csvPath === file && t.usableAt)),
        { timeoutMs: 180_000, what: `${path.basename(file)} usable`, intervalMs: 50 },
      );
      const host = loop.stop();
      if (profiler) await profiler.stop(path.join(profileDir!, `${path.basename(file, '.csv')}.cpuprofile`));
      const { size } = await fs.stat(file);
      console.log(
        `large file ${path.basename(file)}: ${(size / 1024 / 1024).toFixed(0)} MB, host stall max ${host.stallMs.toFixed(0)} ms ` +
          `(histogram max ${host.histogramMaxMs.toFixed(0)} ms, p99 ${host.p99Ms.toFixed(0)} ms), ` +
          // On screen by the webview's clock (the same machine's); its message reaches the host a little later.
          `first rows painted ${Math.round(shown.timeline.webview!.painted - started)} ms (the host heard ${shown.paintedAt! - started} ms), ` +
          `whole table sent ${shown.wholeAt! - started} ms, ` +
          `usable ${shown.usableAt! - started} ms, host heap +${(host.heapGrowth / 1024 / 1024).toFixed(0)} MB ` +
          `(${(host.heapGrowth / size).toFixed(2)}× the file), ${shown.progressShown.length} tables of the rows read so far, read and rendered ${shown.timeline.parsed! - started} ms, ` +
          `the host's longest garbage collection ${host.longestGc.ms.toFixed(0)} ms (${host.longestGc.kind}); ` +
          `first rows by phase: ${describePhases(openPhases(shown.timeline))}`,
      );
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }).timeout(240_000);
  }

  it('runs a 12-month trend cold, then opens it from disk as a painted chart (median of 5)', async () => {
    const api = await extensionApi();
    await resetSandbox();
    await useKey(keys.byok);
    const first = new Date(`${daysAgo(0).slice(0, 8)}01T00:00:00Z`);
    first.setUTCMonth(first.getUTCMonth() - 11);
    const args = { type: 'models', granularity: 'month', from: first.toISOString().slice(0, 10), to: daysAgo(0) };
    const waitPainted = async (trendId: string): Promise<number> => {
      for (let j = 0; j < 1500; j++) {
        const paintedAt = api.shownTrends().find((t) => t.trendId === trendId)?.paintedAt;
        if (paintedAt) return paintedAt;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error('the trend view never reported a painted chart');
    };
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const coldStart = Date.now();
    const result = await vscode.commands.executeCommand<{ trendId: string; periods: unknown[] }>(
      'langdock.showUsageTrend',
      { ...args, timezone: 'UTC', groupBy: 'deployment', open: true },
    );
    const cold = Date.now() - coldStart;
    const firstPaint = (await waitPainted(result.trendId)) - coldStart;
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const started = Date.now();
      await vscode.commands.executeCommand('langdock.openTrend', result.trendId);
      times.push((await waitPainted(result.trendId)) - started);
    }
    const median = times.sort((a, b) => a - b)[2];
    console.log(
      `trend open: ${median} ms (12 saved monthly periods, command to painted chart; runs ${times.join(', ')} ms)`,
    );
    console.log(
      `trend cold: ${cold} ms (12 monthly exports against the sandbox, no export delay; first chart painted after ${firstPaint} ms)`,
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
