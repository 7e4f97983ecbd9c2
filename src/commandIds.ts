/**
 * Every command id the extension registers or runs, in one place. They are a public contract (keybindings, tasks
 * and other extensions call them): change none. package.json contributes exactly these (a unit test checks).
 */
export const COMMANDS = {
  setApiKey: 'langdock.setApiKey',
  clearApiKey: 'langdock.clearApiKey',
  exportModelUsage: 'langdock.exportModelUsage',
  exportUsage: 'langdock.exportUsage',
  openExport: 'langdock.openExport',
  openExportCsv: 'langdock.openExportCsv',
  rerunExport: 'langdock.rerunExport',
  revealExport: 'langdock.revealExport',
  copyExportPath: 'langdock.copyExportPath',
  deleteExport: 'langdock.deleteExport',
  refreshExports: 'langdock.refreshExports',
  openCsvInTable: 'langdock.openCsvInTable',
  showLog: 'langdock.showLog',
  whatIf: 'langdock.whatIf',
  chooseColumns: 'langdock.chooseColumns',
  refreshBudget: 'langdock.refreshBudget',
  showUsageTrend: 'langdock.showUsageTrend',
  openTrend: 'langdock.openTrend',
  deleteTrend: 'langdock.deleteTrend',
  retryMissingPeriods: 'langdock.retryMissingPeriods',
  compareWithPrevious: 'langdock.compareWithPrevious',
  saveReport: 'langdock.saveReport',
  showOrganisation: 'langdock.showOrganisation',
} as const;
