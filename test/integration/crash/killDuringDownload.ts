/**
 * Phase one of the crash test, run by scripts/test-integration.mjs as its own extensionTestsPath before the
 * suite: start an export whose download stalls half-way, wait until the partial file is on disk, note it, and
 * kill this extension host with SIGKILL (no cleanup can run). The suite's crashLeftovers test then checks, in the
 * next extension host, that the half-export is not listed and the temp area was cleaned.
 */
import { existsSync, promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { extensionApi, keys, queueFaults, storeRoot, useKey } from '../helpers';
import { waitFor } from '../../support/waitFor';

export async function run(): Promise<void> {
  const crashFile = process.env.LANGDOCK_CRASH_FILE!;
  // The workbench may restart a crashed host, which would run this again: once is the test.
  if (existsSync(crashFile)) return;
  const api = await extensionApi();
  await useKey(keys.byok);
  await queueFaults({ mode: 'stall', delayMs: 120_000 });
  const today = new Date().toISOString().slice(0, 10);
  void vscode.commands.executeCommand('langdock.exportModelUsage', {
    from: today,
    to: today,
    timezone: 'UTC',
    open: false,
  });
  const tmp = path.join(storeRoot(api), 'tmp');
  const file = await waitFor(
    async () => {
      const partial = (await fs.readdir(tmp).catch(() => [] as string[])).find((n) => n.endsWith('.csv.part'));
      const candidate = partial && path.join(tmp, partial);
      return candidate && (await fs.stat(candidate)).size > 0 && candidate;
    },
    { what: 'the download writing its partial file', timeoutMs: 30_000, intervalMs: 100 },
  );
  await fs.writeFile(crashFile, JSON.stringify({ partial: file, pid: process.pid }));
  process.kill(process.pid, 'SIGKILL');
}
