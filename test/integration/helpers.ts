/** Shared helpers of the integration suites: the extension's test API and the sandbox's control endpoints. */
import * as assert from 'assert';
import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as net from 'net';
import * as path from 'path';
import * as vscode from 'vscode';
import type { LangdockUsageApi } from '../../src/extension';
import type { UsageTable } from '../../src/shared/tableModel';
import type { ExportRecord } from '../../src/core/store/exportStore';
import type { Notice } from '../../src/services/notifier';
import type { FaultSpec, RecordedRequest } from '../sandbox/server';

export const EXTENSION_ID = 'usage-tools.langdock-usage';
export const sandboxUrl = process.env.LANGDOCK_SANDBOX_URL!;
export const keys = JSON.parse(process.env.LANGDOCK_SANDBOX_KEYS ?? '{}') as Record<
  'byok' | 'managed' | 'revoked' | 'noScope',
  string
>;

export async function extensionApi(): Promise<LangdockUsageApi> {
  const extension = vscode.extensions.getExtension<LangdockUsageApi>(EXTENSION_ID);
  assert.ok(extension, 'the extension is installed');
  return extension.activate();
}

async function sandbox(path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${sandboxUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  assert.ok(response.ok, `sandbox control ${path}: ${response.status}`);
  return response.json();
}

export const queueFaults = (...faults: FaultSpec[]) => sandbox('/__sandbox/faults', { faults });
export const resetSandbox = () => sandbox('/__sandbox/reset', {});
export const sandboxRequests = async () =>
  ((await sandbox('/__sandbox/requests')) as { requests: RecordedRequest[] }).requests;

export async function useKey(key: string): Promise<void> {
  assert.strictEqual(await vscode.commands.executeCommand('langdock.setApiKey', key), true);
}

export function exportModels(args: Record<string, unknown>): Thenable<ExportRecord | undefined> {
  return vscode.commands.executeCommand<ExportRecord | undefined>('langdock.exportModelUsage', {
    open: false,
    ...args,
  });
}

/** Every file in the exports folder (and its temp sibling), to prove that a failure left nothing behind. */
export async function storageFiles(api: LangdockUsageApi): Promise<string[]> {
  const list = async (dir: string) => (await fs.readdir(dir).catch(() => [] as string[])).map((n) => `${dir}/${n}`);
  return [...(await list(api.exportsFolder)), ...(await list(api.exportsFolder.replace(/exports$/, 'tmp')))].sort();
}

/** Path → sha256 of every file `storageFiles` lists: proves earlier exports are byte for byte untouched. */
export async function storageChecksums(api: LangdockUsageApi): Promise<Record<string, string>> {
  const sums: Record<string, string> = {};
  for (const file of await storageFiles(api))
    sums[file] = createHash('sha256')
      .update(await fs.readFile(file))
      .digest('hex');
  return sums;
}

/** The store's root folder (globalStorage of the extension): `exports/` and `tmp/` live in it. */
export const storeRoot = (api: LangdockUsageApi): string => path.dirname(api.exportsFolder);

/**
 * The text of the extension's "Langdock Usage" log file of this session (user-data/logs/<session>/exthost1/…),
 * waiting up to `timeoutMs` for a line matching `until`: the log service writes to disk asynchronously.
 */
export async function extensionLogText(api: LangdockUsageApi, until: RegExp, timeoutMs = 5000): Promise<string> {
  const logs = path.resolve(storeRoot(api), '../../../logs');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let text = '';
    for (const session of (await fs.readdir(logs).catch(() => [] as string[])).sort().reverse()) {
      for (const host of await fs.readdir(path.join(logs, session)).catch(() => [] as string[])) {
        text += await fs
          .readFile(path.join(logs, session, host, 'usage-tools.langdock-usage', 'Langdock Usage.log'), 'utf8')
          .catch(() => '');
      }
      if (text) break;
    }
    if (until.test(text) || Date.now() > deadline) return text;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The notices shown since `before` was taken (the notifier keeps a bounded list, so compare by identity). */
export function noticesSince(api: LangdockUsageApi, before: readonly Notice[]): Notice[] {
  const seen = new Set(before);
  return api.notices().filter((n) => !seen.has(n));
}

/**
 * Runs `body` with `langdock.*` user settings changed, and puts the previous values back even when it throws.
 * The extension reads its settings at the start of each export, so the change applies to the next run.
 */
/** `langdock.*` settings (keys without the prefix) for the length of `body`; see `withConfig`. */
export function withSettings<T>(values: Record<string, unknown>, body: () => Promise<T>): Promise<T> {
  return withConfig(Object.fromEntries(Object.entries(values).map(([k, v]) => [`langdock.${k}`, v])), body);
}

/** Any settings (full keys) in the user scope for the length of `body`, then what they were before. */
export async function withConfig<T>(values: Record<string, unknown>, body: () => Promise<T>): Promise<T> {
  const config = () => vscode.workspace.getConfiguration();
  const previous = Object.keys(values).map((key) => [key, config().inspect(key)?.globalValue] as const);
  try {
    for (const [key, value] of Object.entries(values))
      await config().update(key, value, vscode.ConfigurationTarget.Global);
    return await body();
  } finally {
    for (const [key, value] of previous) await config().update(key, value, vscode.ConfigurationTarget.Global);
  }
}

/** A loopback port that nothing listens on (taken, then released): connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A civil date `days` before today in UTC (safe for ranges in Europe/Berlin, too). */
export function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

/** The table an open panel or editor shows for this CSV, once it is loaded. */
export async function shownTable(api: LangdockUsageApi, csvPath: string): Promise<UsageTable> {
  for (let i = 0; i < 100; i++) {
    const table = (await api.shownTables()).find((t) => t.csvPath === csvPath)?.table;
    if (table) return table;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no table shown for ${csvPath}`);
}
