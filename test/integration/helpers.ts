/** Shared helpers of the integration suites: the extension's test API and the sandbox's control endpoints. */
import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as vscode from 'vscode';
import type { LangdockUsageApi } from '../../src/extension';
import type { ExportRecord } from '../../src/core/exportStore';
import type { FaultSpec, RecordedRequest } from '../sandbox/server';

export const EXTENSION_ID = 'usage-tools.langdock-usage';
export const sandboxUrl = process.env.LANGDOCK_SANDBOX_URL!;
export const keys = JSON.parse(process.env.LANGDOCK_SANDBOX_KEYS ?? '{}') as Record<'byok' | 'managed' | 'revoked' | 'noScope', string>;

export async function extensionApi(): Promise<LangdockUsageApi> {
  const extension = vscode.extensions.getExtension<LangdockUsageApi>(EXTENSION_ID);
  assert.ok(extension, 'the extension is installed');
  return extension.activate();
}

export async function sandbox(path: string, body?: unknown): Promise<unknown> {
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
export const sandboxRequests = async () => ((await sandbox('/__sandbox/requests')) as { requests: RecordedRequest[] }).requests;

export async function useKey(key: string): Promise<void> {
  assert.strictEqual(await vscode.commands.executeCommand('langdock.setApiKey', key), true);
}

export function exportModels(args: Record<string, unknown>): Thenable<ExportRecord | undefined> {
  return vscode.commands.executeCommand<ExportRecord | undefined>('langdock.exportModelUsage', { open: false, ...args });
}

/** Every file in the exports folder (and its temp sibling), to prove that a failure left nothing behind. */
export async function storageFiles(api: LangdockUsageApi): Promise<string[]> {
  const list = async (dir: string) => (await fs.readdir(dir).catch(() => [] as string[])).map((n) => `${dir}/${n}`);
  return [...(await list(api.exportsFolder)), ...(await list(api.exportsFolder.replace(/exports$/, 'tmp')))].sort();
}

/** A civil date `days` before today in UTC (safe for ranges in Europe/Berlin, too). */
export function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

export const lastNotice = async (api: LangdockUsageApi) => api.notices().at(-1);
