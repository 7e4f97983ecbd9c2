/**
 * `langdock.showOrganisation`: a users export's people grouped by department, company, licence type or role, with
 * each group's users, active users, inactive seats, messages, cost and idle seat cost (issue 23). The argument
 * object and the answer are a public contract (keybindings, tasks, the command line): keep them exactly.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { tableWorkerScript, WorkerTable } from '../core/table/workerTable';
import { ORG_ATTRIBUTES, isOrgAttribute, type OrgAttribute, type OrganisationResult } from '../shared/organisation';
import type { Services } from '../services/services';
import { fileEncoding, seatPricesSetting } from '../services/settings';
import { errorText } from '../labels';
import { COMMANDS } from '../commandIds';
import type { UsagePanels } from '../views/usagePanel';

interface OrganisationArgs {
  csvPath?: string;
  groupBy: OrgAttribute;
  /** Show the grouped table (default true). */
  open?: boolean;
}

const GROUP_BY_LABELS: Readonly<Record<OrgAttribute, () => string>> = {
  department: () => vscode.l10n.t('Department'),
  company_name: () => vscode.l10n.t('Company'),
  license_type: () => vscode.l10n.t('Licence type'),
  role: () => vscode.l10n.t('Role'),
};

/** The arguments, checked; a message for the user when they are wrong; undefined when the user cancels a prompt. */
async function checkedArgs(args: unknown): Promise<OrganisationArgs | string | undefined> {
  if (args === undefined || args === null) {
    const picked = await vscode.window.showQuickPick(
      ORG_ATTRIBUTES.map((groupBy) => ({ label: GROUP_BY_LABELS[groupBy](), groupBy })),
      {
        title: vscode.l10n.t('Group the people by'),
        placeHolder: vscode.l10n.t('Department, company, licence type or role'),
        // Run beside a table whose webview may take the focus while it updates: the prompt stays open.
        ignoreFocusOut: true,
      },
    );
    return picked && { groupBy: picked.groupBy };
  }
  const a = args as Record<string, unknown>;
  if (typeof args !== 'object' || !isOrgAttribute(a.groupBy))
    return vscode.l10n.t(
      'Show Organisation needs groupBy: one of {0} (got {1}).',
      ORG_ATTRIBUTES.join(', '),
      String(typeof args === 'object' ? a.groupBy : args),
    );
  if (a.csvPath !== undefined && typeof a.csvPath !== 'string')
    return vscode.l10n.t('Show Organisation: csvPath must be the path of a CSV file.');
  if (a.open !== undefined && typeof a.open !== 'boolean')
    return vscode.l10n.t('Show Organisation: open must be true or false.');
  return {
    groupBy: a.groupBy,
    ...(a.csvPath ? { csvPath: a.csvPath } : {}),
    ...(a.open === false ? { open: false } : {}),
  };
}

export async function showOrganisation(
  services: Services,
  panels: UsagePanels,
  extensionPath: string,
  args: unknown,
): Promise<OrganisationResult | undefined> {
  const { notifier, store } = services;
  const checked = await checkedArgs(args);
  if (typeof checked === 'string') {
    notifier.show('error', checked);
    return undefined;
  }
  if (!checked) return undefined;
  let csvPath = checked.csvPath;
  if (!csvPath) {
    const newest = (await store.list()).find((r) => r.type === 'users');
    if (!newest) {
      notifier.show('info', vscode.l10n.t('There is no saved users export yet: export users first.'), {
        title: vscode.l10n.t('Export Usage…'),
        run: () => vscode.commands.executeCommand(COMMANDS.exportUsage),
      });
      return undefined;
    }
    csvPath = store.csvPath(newest.id);
  }
  // Read in a worker of its own, which groups the people there too: a 160k-user export never groups on the host.
  const worker = new WorkerTable(tableWorkerScript(extensionPath), vscode.l10n.bundle);
  try {
    const encoding = fileEncoding(csvPath);
    let loaded;
    try {
      loaded = await worker.load(csvPath, encoding ? { encoding } : {});
    } catch (error) {
      notifier.show('error', vscode.l10n.t('Could not read {0}: {1}', path.basename(csvPath), errorText(error)));
      return undefined;
    }
    if (loaded.table.exportType !== 'users') {
      notifier.show(
        'error',
        vscode.l10n.t('{0} is not a users export: its people cannot be grouped.', path.basename(csvPath)),
      );
      return undefined;
    }
    const { result } = await worker.organise({ groupBy: checked.groupBy, seatPrices: seatPricesSetting() });
    if (checked.open !== false) panels.openGrouped(await panels.sourceFor(csvPath), checked.groupBy);
    return result;
  } finally {
    worker.dispose();
  }
}
