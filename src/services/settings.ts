import * as vscode from 'vscode';
import type { NetworkOptions } from '../core/api/api';
import { SETTING_DEFAULTS, type SettingKey, type SettingValues } from '../settingKeys';
import { parseBaseUrl } from '../core/api/baseUrl';
import { systemTimezone, isValidTimezone } from '../core/dates/dateRange';
import { type CsvEncoding, encodingFromVscode } from '../core/csv/csvEncoding';

export interface Settings {
  /** Without a trailing slash. */
  baseUrl: string;
  /** The base URL's host (with a port when it has one): what saved exports are recorded under; empty when the URL is unusable. */
  apiHost: string;
  timezone: string;
  recentExportsLimit: number;
  requestTimeoutMs: number;
  network: NetworkOptions;
}

/** One `langdock.*` setting, typed by its key, with its default when unset. */
export function setting<K extends SettingKey>(key: K): SettingValues[K] {
  return vscode.workspace.getConfiguration('langdock').get<SettingValues[K]>(key, SETTING_DEFAULTS[key]);
}

/** Reads the `langdock.*` settings, with defaults for anything unusable. */
export function readSettings(): Settings {
  const zone = setting('defaultTimezone').trim();
  const baseUrl = setting('baseUrl').trim().replace(/\/+$/, '');
  return {
    baseUrl,
    apiHost: hostOf(baseUrl),
    timezone: zone && isValidTimezone(zone) ? zone : systemTimezone(),
    recentExportsLimit: Math.max(1, setting('recentExports.limit')),
    requestTimeoutMs: Math.max(5, setting('requestTimeoutSeconds')) * 1000,
    network: readNetworkSettings(),
  };
}

function hostOf(baseUrl: string): string {
  try {
    return parseBaseUrl(baseUrl).host;
  } catch {
    return '';
  }
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
  const value = setting('seatPrices');
  return typeof value === 'object' && value !== null ? { ...value } : value;
}

/** Why the configured base URL cannot be used, or undefined. */
export function baseUrlProblem(baseUrl: string): string | undefined {
  try {
    parseBaseUrl(baseUrl);
    return undefined;
  } catch {
    return vscode.l10n.t(
      'The setting langdock.baseUrl ({0}) is not an http(s) URL such as https://api.langdock.com.',
      baseUrl,
    );
  }
}

export interface BudgetSettings {
  /** Undefined when the budget is off (the setting is empty or not a positive amount). */
  monthlyBudgetUsd: number | undefined;
  refreshMs: number;
}

export function readBudgetSettings(): BudgetSettings {
  const budget = setting('monthlyBudgetUsd');
  return {
    monthlyBudgetUsd: typeof budget === 'number' && Number.isFinite(budget) && budget > 0 ? budget : undefined,
    refreshMs: Math.max(1, setting('budgetRefreshMinutes')) * 60_000,
  };
}
