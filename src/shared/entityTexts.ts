/**
 * What one row of a totals table is, by export type, in every form the UI names it: English keys of
 * WEBVIEW_STRINGS that the host localizes. Keyed by the type, never by an English label (a German UI gets "Modell").
 */
import type { EntityKind } from './exportType';
import type { WebviewString } from './protocol';

interface EntityTexts {
  /** One of them: the trend's entity column and legend. */
  name: WebviewString;
  /** The totals tab. */
  totals: WebviewString;
  /** The headline's leading entity. */
  top: WebviewString;
  /** The headline's count of entities. */
  count: WebviewString;
  /** A trend's title: "{0} by model" with the metric. */
  by: WebviewString;
}

const ENTITY_TEXTS: Readonly<Record<EntityKind, EntityTexts>> = {
  models: { name: 'Model', totals: 'Per-model totals', top: 'Top model', count: 'Models', by: '{0} by model' },
  users: { name: 'User', totals: 'Per-user totals', top: 'Top user', count: 'Users', by: '{0} by user' },
  agents: { name: 'Agent', totals: 'Per-agent totals', top: 'Top agent', count: 'Agents', by: '{0} by agent' },
  'api-keys': {
    name: 'API key',
    totals: 'Per-API-key totals',
    top: 'Top API key',
    count: 'API keys',
    by: '{0} by API key',
  },
  projects: {
    name: 'Project',
    totals: 'Per-project totals',
    top: 'Top project',
    count: 'Projects',
    by: '{0} by project',
  },
  unknown: { name: 'Row', totals: 'Per-row totals', top: 'Top row', count: 'Rows', by: '{0} by row' },
};

/** The texts of an entity kind; anything else (a hostile or newer message) reads as plain rows. */
export function entityTexts(kind: string): EntityTexts {
  return Object.hasOwn(ENTITY_TEXTS, kind) ? ENTITY_TEXTS[kind as EntityKind] : ENTITY_TEXTS.unknown;
}
