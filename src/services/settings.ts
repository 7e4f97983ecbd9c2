import * as vscode from 'vscode';
import type { NetworkOptions } from '../core/api/api';
import { systemTimezone, isValidTimezone } from '../core/dates/dateRange';
import { type CsvEncoding, encodingFromVscode } from '../core/csv/csvEncoding';

export interface Settings {
  /** Without a trailing slash. */
  baseUrl: string;
  timezone: string;
  recentExportsLimit: number;
  requestTimeoutMs: number;
  network: NetworkOptions;
}

/** Reads the `langdock.*` settings, with defaults for anything unusable. */
export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration('langdock');
  const zone = config.get<string>('defaultTimezone', '').trim();
  return {
    baseUrl: config.get<string>('baseUrl', 'https://api.langdock.com').trim().replace(/\/+$/, ''),
    timezone: zone && isValidTimezone(zone) ? zone : systemTimezone(),
    recentExportsLimit: Math.max(1, config.get<number>('recentExports.limit', 50)),
    requestTimeoutMs: Math.max(5, config.get<number>('requestTimeoutSeconds', 120)) * 1000,
    network: readNetworkSettings(),
  };
}

/**
 * VS Code's own `http.*` settings and the proxy environment. Read here and applied by the client, because the
 * extension host's proxy support ignores `http.proxyAuthorization` and `http.proxyStrictSSL` for extensions.
 */
function readNetworkSettings(): NetworkOptions {
  const config = vscode.workspace.getConfiguration('http');
  return {
    proxy: {
      support: config.get<string>('proxySupport', 'override'),
      url: config.get<string>('proxy', ''),
      authorization: config.get<string | null>('proxyAuthorization') ?? undefined,
      noProxy: config.get<string[]>('noProxy', []),
      strictSSL: config.get<boolean>('proxyStrictSSL', true),
      env: process.env,
    },
    systemCertificates: config.get<boolean>('systemCertificates', true),
  };
}

/**
 * The encoding someone set for a CSV file in VS Code (`files.encoding` for its folder, workspace or user), or
 * undefined to detect it. Only a value set somewhere counts: the default (`utf8`) would stop the
 * Windows-1252 fallback for files Excel wrote.
 */
export function fileEncoding(filePath: string): CsvEncoding | undefined {
  const setting = vscode.workspace.getConfiguration('files', vscode.Uri.file(filePath)).inspect<string>('encoding');
  return encodingFromVscode(setting?.workspaceFolderValue ?? setting?.workspaceValue ?? setting?.globalValue);
}

/**
 * `langdock.seatPrices` as set (core/org validates it), as plain data: the configuration's own object cannot be
 * posted to the table worker.
 */
export function seatPricesSetting(): unknown {
  const value = vscode.workspace.getConfiguration('langdock').get<unknown>('seatPrices');
  return typeof value === 'object' && value !== null ? { ...value } : value;
}

/** Why the configured base URL cannot be used, or undefined. */
export function baseUrlProblem(baseUrl: string): string | undefined {
  try {
    const url = new URL(baseUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
    if (url.username || url.password || url.search || url.hash) throw new Error('extras');
    return undefined;
  } catch {
    return vscode.l10n.t(
      'The setting langdock.baseUrl ({0}) is not an http(s) URL such as https://api.langdock.com.',
      baseUrl,
    );
  }
}

/** A plain-http base URL that is not loopback would send the key in clear text. */
export function isInsecureBaseUrl(baseUrl: string): boolean {
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:') return false;
  return !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) && !url.hostname.startsWith('127.');
}

export interface BudgetSettings {
  /** Undefined when the budget is off (the setting is empty or not a positive amount). */
  monthlyBudgetUsd: number | undefined;
  refreshMs: number;
}

export function readBudgetSettings(): BudgetSettings {
  const config = vscode.workspace.getConfiguration('langdock');
  const budget = config.get<number | null>('monthlyBudgetUsd', null);
  return {
    monthlyBudgetUsd: typeof budget === 'number' && Number.isFinite(budget) && budget > 0 ? budget : undefined,
    refreshMs: Math.max(1, config.get<number>('budgetRefreshMinutes', 60)) * 60_000,
  };
}
