/**
 * What a figure rests on, on screen: a cell note becomes the cell's tooltip and a small "est.", "partial" or
 * "rounding" mark, and a table notice becomes a banner with its action. All text goes through textContent and
 * title only.
 */
import type { CellNote, TableNotice, WebviewString } from '../../shared/protocol';
import { el, icon } from './dom';
import type { Translate } from './strings';

/** Adds a note to a cell `fillCell` has just filled. */
export function applyNote(cell: HTMLElement, note: CellNote | undefined, t: Translate): void {
  if (!note) return;
  // The note replaces "No value in the data" on n/a; on a rounded figure the exact value stays below it.
  cell.title = cell.title && !cell.classList.contains('na') ? `${note.text}\n${cell.title}` : note.text;
  cell.classList.add('noted');
  // A cell the partial-total rule already marked (*, with its tooltip) needs no second "partial".
  const partial = note.partial && !cell.classList.contains('partial');
  const marks = [
    ...(partial ? [t('partial')] : []),
    ...(note.estimate ? [t('est.')] : []),
    ...(note.rounding ? [t('rounding')] : []),
  ];
  // n/a is no figure: nothing to mark.
  if (marks.length > 0 && !cell.classList.contains('na'))
    cell.prepend(el('span', { className: 'mark', text: marks.join(' · ') }));
}

const NOTICE_ACTIONS: Record<NonNullable<TableNotice['action']>, { label: WebviewString; codicon: string }> = {
  editModelPrices: { label: 'Set prices…', codicon: 'settings-gear' },
  clearWhatIf: { label: 'Clear what-if', codicon: 'clear-all' },
};

export function noticeElements(
  notices: readonly TableNotice[],
  t: Translate,
  onAction: (action: NonNullable<TableNotice['action']>) => void,
): HTMLElement[] {
  return notices.map((notice) => {
    const parts: Node[] = [
      icon(notice.action === 'clearWhatIf' ? 'beaker' : 'warning'),
      el('span', { text: notice.text }),
    ];
    const action = notice.action;
    if (action) {
      const { label, codicon } = NOTICE_ACTIONS[action];
      const button = el('button', { className: 'action', attrs: { type: 'button' } }, [
        icon(codicon),
        el('span', { text: t(label) }),
      ]);
      button.addEventListener('click', () => onAction(action));
      parts.push(button);
    }
    return el(
      'div',
      { className: `warning notice${action === 'clearWhatIf' ? ' hypothetical' : ''}`, attrs: { role: 'status' } },
      parts,
    );
  });
}
