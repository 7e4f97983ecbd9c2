/**
 * Every `langdock.*` setting, with the type and default of its value, in one place: package.json contributes
 * exactly these with the same defaults (a unit test checks), and the settings service reads them by these keys.
 */
export interface SettingValues {
  baseUrl: string;
  defaultTimezone: string;
  'recentExports.limit': number;
  requestTimeoutSeconds: number;
  costSource: string;
  modelPrices: unknown;
  monthlyBudgetUsd: number | null;
  budgetRefreshMinutes: number;
  'report.minGroupSize': number;
  'report.includeNames': boolean;
  seatPrices: unknown;
}

export type SettingKey = keyof SettingValues;

export const SETTING_DEFAULTS: Readonly<SettingValues> = {
  baseUrl: 'https://api.langdock.com',
  defaultTimezone: '',
  'recentExports.limit': 50,
  requestTimeoutSeconds: 120,
  costSource: 'auto',
  modelPrices: {},
  monthlyBudgetUsd: null,
  budgetRefreshMinutes: 60,
  'report.minGroupSize': 5,
  'report.includeNames': false,
  seatPrices: {},
};

/** The setting's full id, for `affectsConfiguration` and the Settings editor: `langdock.baseUrl`. */
export function settingId(key: SettingKey): string {
  return `langdock.${key}`;
}
