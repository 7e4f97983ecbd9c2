/**
 * The composition root: builds the services once, registers commands, views and editors, and returns the
 * small API the integration tests read. No logic of its own.
 */
import * as vscode from 'vscode';
import { tableWorkerScript } from './core/table/workerTable';
import { ExportStore, type ExportRecord } from './core/store/exportStore';
import { ApiKeyStore } from './services/apiKey';
import { Notifier, type Notice } from './services/notifier';
import type { Services } from './services/services';
import { type ShownTable, USAGE_PANEL_VIEW_TYPE, USAGE_TABLE_EDITOR_VIEW_TYPE, UsagePanels } from './views/usagePanel';
import type { PanelActions } from './views/usageTableSession';
import { UsageTableEditorProvider } from './views/usageTableEditor';
import { RecentExportsTree } from './views/recentExportsTree';
import { clearApiKey, setApiKey } from './commands/apiKeyCommands';
import { ExportRunner } from './services/exportRunner';
import { exportUsage } from './commands/exportUsage';
import { openCsvInTable } from './commands/openCsvInTable';
import { openCsvInEditor, registerExportItemCommands } from './commands/exportItemCommands';
import { COMMANDS } from './commandIds';
import { whatIf } from './commands/whatIf';
import { editModelPrices } from './commands/modelPrices';
import { COST_SETTINGS, Pricing } from './services/pricing';
import { BudgetService, type BudgetSnapshot } from './services/budget';
import { registerBudget } from './commands/budget';
import { BudgetStatus } from './views/budgetStatus';
import { TrendStore, type TrendRecord } from './core/store/trendStore';
import { TREND_PANEL_VIEW_TYPE, TrendPanels } from './views/trendPanel';
import { TrendPanelSerializer } from './views/trendPanelSerializer';
import { TrendRunner, type TrendResult } from './services/trendRunner';
import { registerTrendCommands } from './commands/showUsageTrend';
import { showOrganisation } from './commands/showOrganisation';
import type { TrendView } from './shared/trendProtocol';
import { type ReportDeps, reportOnTable, reportOnTrend, saveReport } from './commands/saveReport';
import { chooseColumns } from './commands/chooseColumns';
import { ColumnPrefs } from './views/columnPrefs';

export interface LangdockUsageApi {
  /** Messages shown to the user since activation, for tests. */
  notices(): readonly Notice[];
  /** The folder saved exports live in. */
  exportsFolder: string;
  /** How long `activate` took, in milliseconds (the benchmark reads it). */
  activationMs: number;
  /** CSV paths of the open usage panels. */
  openPanels(): string[];
  /** Whether a key is stored (never the key itself). */
  hasApiKey(): Promise<boolean>;
  /** The saved exports, newest first, as the tree lists them. */
  listExports(): Promise<ExportRecord[]>;
  /** The labels of the "Recent Exports" tree's items, top to bottom. */
  treeLabels(): Promise<string[]>;
  /** The tables that open panels and editors show (once loaded), by CSV path, and when each was first painted. */
  shownTables(options?: { withTables?: boolean }): Promise<ShownTable[]>;
  /** What the budget's status bar item shows. */
  budget(): BudgetSnapshot;
  /** The saved trends, newest first. */
  listTrends(): Promise<TrendRecord[]>;
  /** Presses Cancel on every running trend. */
  cancelTrends(): void;
  /** What the open trend views show (once sent), and when each first painted its chart. */
  shownTrends(): { trendId: string; view: TrendView | undefined; paintedAt: number | undefined }[];
}

export type { TrendResult };

export function activate(context: vscode.ExtensionContext): LangdockUsageApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Langdock Usage', { log: true });
  const store = new ExportStore(context.globalStorageUri.fsPath, (m) => log.warn(m));
  const apiKey = new ApiKeyStore(context.secrets);
  const notifier = new Notifier(log);
  const actions: PanelActions = {
    openCsv: (csvPath) => openCsvInEditor(csvPath),
    rerun: (record) => vscode.commands.executeCommand(COMMANDS.rerunExport, record.id),
    whatIf: (session) => whatIf(panels, pricing, undefined, session),
    editModelPrices: (models) => editModelPrices(models),
    compare: (record) => vscode.commands.executeCommand(COMMANDS.compareWithPrevious, record.id),
    saveReport: (source) => reportOnTable(reports, source),
    chooseColumns: (session) => chooseColumns(panels, columnPrefs, undefined, session),
  };
  const columnPrefs = new ColumnPrefs(context.globalState);
  const pricing = new Pricing(context.extensionUri, log);
  const panels = new UsagePanels(context.extensionUri, store, actions, log, pricing, columnPrefs);
  const services: Services = { log, notifier, apiKey, store, panels };
  const runner = new ExportRunner(services);
  const budgetStatus = new BudgetStatus();
  const budget = new BudgetService(
    services,
    runner,
    context.globalState,
    context.globalStorageUri.fsPath,
    tableWorkerScript(context.extensionUri.fsPath),
    budgetStatus,
  );
  const trends = new TrendStore(context.globalStorageUri.fsPath, store, (m) => log.warn(m));
  const trendViews = new TrendPanels(
    context.extensionUri,
    store,
    {
      retryMissing: (id) => vscode.commands.executeCommand(COMMANDS.retryMissingPeriods, id),
      saveReport: (id) => reportOnTrend(reports, id),
    },
    log,
  );
  const trendRunner = new TrendRunner(services, runner, trends, trendViews);
  const reports: ReportDeps = {
    services,
    panels,
    pricing,
    trends,
    activeTrendId: () => trendViews.activeTrendId(),
    extensionPath: context.extensionUri.fsPath,
    version: String((context.extension.packageJSON as { version?: unknown }).version),
  };
  const tree = new RecentExportsTree(store, trends);

  // Other windows write to the same folder: follow them.
  const watcher = vscode.workspace.createFileSystemWatcher(
    new vscode.RelativePattern(vscode.Uri.file(store.folder), '*.json'),
  );
  const onDisk = () => store.fireChanged();

  context.subscriptions.push(
    log,
    apiKey,
    panels,
    tree,
    watcher,
    watcher.onDidCreate(onDisk),
    watcher.onDidDelete(onDisk),
    store.onDidChange(() => void panels.closeMissing()),
    vscode.window.registerTreeDataProvider('langdock.recentExports', tree),
    vscode.window.registerWebviewPanelSerializer(USAGE_PANEL_VIEW_TYPE, panels),
    vscode.window.registerWebviewPanelSerializer(
      TREND_PANEL_VIEW_TYPE,
      new TrendPanelSerializer(trendViews, trends, log),
    ),
    vscode.window.registerCustomEditorProvider(USAGE_TABLE_EDITOR_VIEW_TYPE, new UsageTableEditorProvider(panels), {
      supportsMultipleEditorsPerDocument: true,
    }),
    vscode.commands.registerCommand(COMMANDS.openCsvInTable, (uri?: unknown) => openCsvInTable(uri)),
    vscode.commands.registerCommand(COMMANDS.setApiKey, (value?: unknown) => setApiKey(services, value)),
    vscode.commands.registerCommand(COMMANDS.clearApiKey, () => clearApiKey(services)),
    vscode.commands.registerCommand(COMMANDS.exportModelUsage, (args?: unknown) =>
      exportUsage(services, runner, 'models', args),
    ),
    vscode.commands.registerCommand(COMMANDS.exportUsage, (args?: unknown) =>
      exportUsage(services, runner, undefined, args),
    ),
    vscode.commands.registerCommand(COMMANDS.showLog, () => log.show()),
    vscode.commands.registerCommand(COMMANDS.whatIf, (args?: unknown) => whatIf(panels, pricing, args)),
    vscode.commands.registerCommand(COMMANDS.chooseColumns, (args?: unknown) =>
      chooseColumns(panels, columnPrefs, args),
    ),
    vscode.commands.registerCommand(COMMANDS.saveReport, (args?: unknown) => saveReport(reports, args)),
    vscode.commands.registerCommand(COMMANDS.showOrganisation, (args?: unknown) =>
      showOrganisation(services, panels, context.extensionUri.fsPath, args),
    ),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (COST_SETTINGS.some((key) => e.affectsConfiguration(key))) panels.repriceAll();
    }),
    ...registerExportItemCommands(services, runner),
    budgetStatus,
    budget,
    registerBudget(services, budget),
    trendViews,
    ...registerTrendCommands(services, trendRunner, trends, trendViews),
  );

  void apiKey.refreshContext();
  void store.cleanLeftovers().catch((error: Error) => log.warn(`Could not clean leftovers: ${error.message}`));
  budget.start();

  const activationMs = performance.now() - started;
  log.info(`Activated in ${activationMs.toFixed(2)} ms`);
  return {
    activationMs,
    notices: () => notifier.notices(),
    exportsFolder: store.folder,
    openPanels: () => panels.openPaths(),
    hasApiKey: async () => Boolean(await apiKey.get()),
    listExports: () => store.list(),
    shownTables: (options) => panels.shownTables(options),
    budget: () => budget.snapshot(),
    shownTrends: () => trendViews.shownTrends(),
    listTrends: () => trends.list(),
    cancelTrends: () => trendRunner.cancelAll(),
    treeLabels: async () => (await tree.getChildren()).map((r) => labelText(tree.getTreeItem(r).label)),
  };
}

function labelText(label: string | vscode.TreeItemLabel | undefined): string {
  return typeof label === 'string' ? label : (label?.label ?? '');
}

export function deactivate(): void {}
