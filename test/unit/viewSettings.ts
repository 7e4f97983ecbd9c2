// The settings a table view is rendered at in the unit tests, and VS Code's German l10n bundle for them.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ViewSettings } from '../../src/core/table/tableView';
import { fillTemplate, type Localize } from '../../src/shared/template';

export const GERMAN = JSON.parse(
  readFileSync(path.join(__dirname, '../../../l10n/bundle.l10n.de.json'), 'utf8'),
) as Record<string, string>;

/** A report's translator in German, by the same bundle. */
export const german: Localize = (template, ...args) => fillTemplate(GERMAN[template] ?? template, args);

/** A German models view at list prices, without swaps; `l10n` undefined is English. */
export const viewSettings = (l10n: ViewSettings['l10n']): ViewSettings => ({
  header: { title: 'Modellnutzung', fileName: 'models.csv', canRerun: false },
  locale: 'de',
  strings: {},
  csvPath: 'models.csv',
  l10n,
  userPrices: new Map(),
  problems: [],
  costSource: 'calculate',
  swaps: [],
  columnChoices: {},
});
