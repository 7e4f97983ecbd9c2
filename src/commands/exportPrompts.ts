/** The quick picks and input boxes of an export: type, date range, timezone, grouping. */
import * as vscode from 'vscode';
import { problemText } from '../labels';
import {
  type DateRange,
  type PresetId,
  PRESET_IDS,
  dateProblem,
  knownTimezones,
  presetRange,
  systemTimezone,
  todayIn,
} from '../core/dates/dateRange';
import { EXPORT_TYPE_FACTS } from '../core/schema/exportTypes';
import { EXPORT_TYPES, type ExportType, type GroupBy } from '../shared/exportType';
import { groupingLabel, rangeLabel, typeLabel } from '../labels';

/** A range as picked before the timezone is known: presets resolve in the zone picked next. */
export type RangeChoice = { preset: PresetId } | { custom: { from: string; to: string } };

function presetLabel(preset: PresetId): string {
  switch (preset) {
    case 'today':
      return vscode.l10n.t('Today');
    case 'yesterday':
      return vscode.l10n.t('Yesterday');
    case 'last7':
      return vscode.l10n.t('Last 7 days');
    case 'last30':
      return vscode.l10n.t('Last 30 days');
    case 'thisMonth':
      return vscode.l10n.t('This month');
    case 'lastMonth':
      return vscode.l10n.t('Last month');
    case 'thisQuarter':
      return vscode.l10n.t('This quarter');
    case 'lastQuarter':
      return vscode.l10n.t('Last quarter');
    case 'yearToDate':
      return vscode.l10n.t('Year to date');
  }
}

export async function pickExportType(): Promise<ExportType | undefined> {
  const items = EXPORT_TYPES.map((type) => ({
    label: `$(${EXPORT_TYPE_FACTS[type].icon}) ${typeLabel(type)}`,
    type,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Export Usage (1/4): What to export'),
    placeHolder: vscode.l10n.t('Pick the kind of usage to export'),
    ignoreFocusOut: true,
  });
  return picked?.type;
}

export async function pickRange(timezone: string, step: string): Promise<RangeChoice | undefined> {
  type Item = vscode.QuickPickItem & { choice?: RangeChoice };
  const items: Item[] = PRESET_IDS.map((preset) => ({
    label: presetLabel(preset),
    description: rangeLabel(presetRange(preset, timezone)),
    choice: { preset },
  }));
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
  items.push({ label: vscode.l10n.t('Custom range…'), description: vscode.l10n.t('Enter start and end dates') });
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('{0}: Date range', step),
    placeHolder: vscode.l10n.t('Dates shown for {0}; they follow the timezone you pick next', timezone),
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  if (picked.choice) return picked.choice;
  const today = todayIn(timezone);
  const from = await vscode.window.showInputBox({
    title: vscode.l10n.t('{0}: Start date', step),
    prompt: vscode.l10n.t('First day of the range (YYYY-MM-DD), at most 12 months ago'),
    placeHolder: today.slice(0, 8) + '01',
    ignoreFocusOut: true,
    validateInput: (value) => problemText(dateProblem(value, today)),
  });
  if (from === undefined) return undefined;
  const to = await vscode.window.showInputBox({
    title: vscode.l10n.t('{0}: End date', step),
    prompt: vscode.l10n.t('Last day of the range (YYYY-MM-DD), included'),
    value: today,
    ignoreFocusOut: true,
    validateInput: (value) =>
      problemText(dateProblem(value, today)) ??
      (value.trim() < from.trim()
        ? vscode.l10n.t('The end date is before the start date {0}.', from.trim())
        : undefined),
  });
  if (to === undefined) return undefined;
  return { custom: { from: from.trim(), to: to.trim() } };
}

export async function pickTimezone(defaultZone: string, step: string): Promise<string | undefined> {
  type Item = vscode.QuickPickItem & { zone?: string };
  const system = systemTimezone();
  const first: Item[] = [
    { label: defaultZone, description: vscode.l10n.t('default from settings'), zone: defaultZone },
  ];
  if (system !== defaultZone) first.push({ label: system, description: vscode.l10n.t('this computer'), zone: system });
  const rest = knownTimezones()
    .filter((zone) => zone !== defaultZone && zone !== system)
    .map((zone): Item => ({ label: zone, zone }));
  const picked = await vscode.window.showQuickPick<Item>(
    [...first, { label: vscode.l10n.t('All timezones'), kind: vscode.QuickPickItemKind.Separator }, ...rest],
    {
      title: vscode.l10n.t('{0}: Timezone', step),
      placeHolder: vscode.l10n.t('Days start and end at midnight in this timezone; type to search'),
      ignoreFocusOut: true,
      matchOnDescription: true,
    },
  );
  return picked?.zone;
}

/** Resolves a range choice in the picked zone. */
export function resolveRange(choice: RangeChoice, timezone: string): DateRange {
  return 'preset' in choice ? presetRange(choice.preset, timezone) : { ...choice.custom, timezone };
}

/** `null` means "no grouping"; undefined means the user cancelled. */
export async function pickGrouping(type: ExportType, step: string): Promise<GroupBy | null | undefined> {
  const groupings = EXPORT_TYPE_FACTS[type].groupings;
  if (groupings.length === 0) return null;
  type Item = vscode.QuickPickItem & { groupBy: GroupBy | null };
  const items: Item[] = [
    {
      label: vscode.l10n.t(
        'Per {0} (no grouping)',
        type === 'models' ? vscode.l10n.t('model') : typeLabel(type).toLowerCase(),
      ),
      description: vscode.l10n.t('default'),
      groupBy: null,
    },
    ...groupings.map((g): Item => ({
      label: groupingLabel(g.value),
      description: g.value === 'source' ? 'WEB, MOBILE, …' : undefined,
      detail: g.byokOnly ? vscode.l10n.t('Only for workspaces that bring their own keys (BYOK)') : undefined,
      groupBy: g.value,
    })),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('{0}: Grouping', step),
    ignoreFocusOut: true,
  });
  return picked ? picked.groupBy : undefined;
}
