/** The header line: what the export is (type, range, grouping, records, host, age) and the actions on it. */
import type { ExportHeader } from '../../shared/protocol';
import { el, icon } from '../common/dom';
import { relativeTime } from '../../shared/relativeTime';
import type { Translate } from '../common/strings';

export type HeaderAction = 'openCsv' | 'rerun' | 'compare' | 'whatIf' | 'saveReport' | 'copyMarkdown' | 'copyTsv';

export interface HeaderOptions {
  header: ExportHeader;
  recordCount: string;
  locale: string;
  t: Translate;
  onAction(action: HeaderAction): void;
}

/** How often "exported 3 min ago" is brought up to date. */
const AGE_REFRESH_MS = 30_000;

export function renderHeader(options: HeaderOptions): {
  element: HTMLElement;
  /** While the file loads, the count grows. */
  setRecordCount: (text: string) => void;
  dispose(): void;
} {
  const { header, t } = options;
  const meta = el('div', { className: 'meta' }, [el('h1', { className: 'title', text: header.title })]);
  const item = (text: string, className = 'meta-item') => meta.append(el('span', { className, text }));
  if (header.range) item(header.range);
  if (header.grouping) item(header.grouping);
  const records = el('span', { className: 'meta-item', text: options.recordCount });
  meta.append(records);
  if (header.host) item(header.host);
  let timer = 0;
  if (header.createdAt) {
    const createdAt = header.createdAt;
    const age = el('span', { className: 'meta-item age', attrs: { title: createdAt } });
    const update = () => {
      const when = relativeTime(createdAt, Date.now(), options.locale);
      age.textContent = when ? t('exported {0}', when) : '';
    };
    update();
    meta.append(age);
    timer = window.setInterval(update, AGE_REFRESH_MS);
  }

  const button = (action: HeaderAction, codicon: string, label: string) => {
    const b = el('button', { className: 'action', attrs: { type: 'button', title: label } }, [
      icon(codicon),
      el('span', { text: label }),
    ]);
    b.addEventListener('click', () => options.onAction(action));
    return b;
  };
  const actions = el('div', { className: 'actions', attrs: { role: 'toolbar', 'aria-label': header.title } }, [
    button('openCsv', 'go-to-file', t('Open CSV in Editor')),
    ...(header.canRerun
      ? [button('rerun', 'refresh', t('Re-run')), button('compare', 'diff', t('Compare with previous period'))]
      : []),
    ...(header.canWhatIf ? [button('whatIf', 'beaker', t('What if…'))] : []),
    button('saveReport', 'save-as', t('Save Report…')),
    button('copyMarkdown', 'markdown', t('Copy as Markdown')),
    button('copyTsv', 'copy', t('Copy as TSV')),
  ]);
  return {
    element: el('header', { className: 'top' }, [meta, actions]),
    setRecordCount: (text) => (records.textContent = text),
    dispose: () => window.clearInterval(timer),
  };
}
