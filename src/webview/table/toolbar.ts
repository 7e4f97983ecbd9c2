/** The tabs (totals / all rows) and the filter box above the grid. */
import type { ViewState } from '../../shared/protocol';
import { el, icon } from '../common/dom';
import type { Translate } from '../common/strings';

export interface ToolbarOptions {
  totalsLabel: string;
  tab: ViewState['tab'];
  filter: string;
  t: Translate;
  onTab(tab: ViewState['tab']): void;
  onFilter(filter: string): void;
  /** The Group by control, for a table with attribute columns (department, company, licence type, role). */
  groupBy?: GroupByControl;
  /** The Columns… button (the picker is the host's) and how many totals columns it hides now. */
  columns?: { hidden: number; onChoose(): void };
}

interface GroupByControl {
  /** The choices after "None": value (the attribute's key) and label. */
  choices: readonly { value: string; label: string }[];
  value: string;
  onChange(value: string): void;
}

export interface Toolbar {
  element: HTMLElement;
  setTab(tab: ViewState['tab']): void;
  setStatus(text: string): void;
  /** Shows the grouping chosen elsewhere (the default, or a command). */
  setGroupBy(value: string): void;
  /** The id the grid's tabpanel is labelled by. */
  tabId(tab: ViewState['tab']): string;
}

export function renderToolbar(options: ToolbarOptions): Toolbar {
  const { t } = options;
  const tabs: Record<ViewState['tab'], HTMLButtonElement> = {
    totals: el('button', {
      className: 'tab',
      text: options.totalsLabel,
      attrs: { type: 'button', role: 'tab', id: 'tab-totals' },
    }),
    rows: el('button', {
      className: 'tab',
      text: t('All rows'),
      attrs: { type: 'button', role: 'tab', id: 'tab-rows' },
    }),
  };
  const order: ViewState['tab'][] = ['totals', 'rows'];
  for (const tab of order) {
    tabs[tab].setAttribute('aria-controls', 'grid-panel');
    tabs[tab].addEventListener('click', () => options.onTab(tab));
  }
  const tablist = el('div', { className: 'tabs', attrs: { role: 'tablist' } }, [tabs.totals, tabs.rows]);
  // The tab pattern: one Tab stop for the list, arrow keys move between tabs and select them.
  tablist.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight' && e.key !== 'Home' && e.key !== 'End') return;
    const current = order.findIndex((tab) => tabs[tab] === document.activeElement);
    const next =
      e.key === 'Home'
        ? 0
        : e.key === 'End'
          ? order.length - 1
          : (current + (e.key === 'ArrowRight' ? 1 : -1) + order.length) % order.length;
    tabs[order[next]].focus();
    options.onTab(order[next]);
    e.preventDefault();
  });

  const input = el('input', {
    className: 'filter-input',
    attrs: {
      type: 'search',
      placeholder: t('Filter (model, provider, source…)'),
      'aria-label': t('Filter (model, provider, source…)'),
      spellcheck: 'false',
    },
  });
  input.value = options.filter;
  input.addEventListener('input', () => options.onFilter(input.value));
  const status = el('span', { className: 'status', attrs: { role: 'status' } });
  const filter = el('label', { className: 'filter' }, [icon('filter'), input]);

  const select = options.groupBy && groupBySelect(options.groupBy, t);
  const columns = options.columns && columnsButton(options.columns, t);
  const setTab = (selected: ViewState['tab']) => {
    for (const tab of order) {
      const on = tab === selected;
      tabs[tab].setAttribute('aria-selected', String(on));
      tabs[tab].tabIndex = on ? 0 : -1;
    }
  };
  setTab(options.tab);
  return {
    element: el('div', { className: 'toolbar' }, [
      tablist,
      ...(select ? [select.element] : []),
      filter,
      ...(columns ? [columns] : []),
      status,
    ]),
    setTab,
    setGroupBy: (value) => {
      if (select) select.input.value = value;
    },
    setStatus: (text) => {
      status.textContent = text;
    },
    tabId: (tab) => tabs[tab].id,
  };
}

function columnsButton(control: NonNullable<ToolbarOptions['columns']>, t: Translate): HTMLButtonElement {
  const button = el(
    'button',
    {
      className: 'action columns-button',
      attrs: { type: 'button', title: t('Choose the columns of this table; every table of its type keeps the choice') },
    },
    [
      icon('list-selection'),
      el('span', { text: t('Columns…') }),
      ...(control.hidden > 0
        ? [el('span', { className: 'badge', text: t('{0} hidden', String(control.hidden)) })]
        : []),
    ],
  );
  button.addEventListener('click', () => control.onChoose());
  return button;
}

function groupBySelect(control: GroupByControl, t: Translate): { element: HTMLElement; input: HTMLSelectElement } {
  const input = el('select', { className: 'group-by-select', attrs: { id: 'group-by' } });
  for (const { value, label } of [{ value: 'none', label: t('None') }, ...control.choices]) {
    input.append(el('option', { text: label, attrs: { value } }));
  }
  input.value = control.value;
  input.addEventListener('change', () => control.onChange(input.value));
  const label = el('label', { className: 'group-by-label', text: t('Group by'), attrs: { for: 'group-by' } });
  return { element: el('div', { className: 'group-by' }, [icon('group-by-ref-type'), label, input]), input };
}
