/** The full content of a json-map cell ("Messages per model"), opened by clicking the cell's top-3 summary. */
import { el } from '../common/dom';

export class MapPopover {
  private current: (() => void) | undefined;

  close(): void {
    this.current?.();
  }

  open(anchor: HTMLElement, title: string, lines: string[], returnFocus: HTMLElement): void {
    this.close();
    const element = el(
      'div',
      { className: 'popover', attrs: { role: 'dialog', 'aria-label': title, tabindex: '-1' } },
      [
        el('div', { className: 'popover-title', text: title }),
        el(
          'ul',
          {},
          lines.map((line) => el('li', { text: line })),
        ),
      ],
    );
    const box = anchor.getBoundingClientRect();
    element.style.left = `${Math.max(4, Math.min(box.left, window.innerWidth - 320))}px`;
    element.style.top = `${box.bottom + 2}px`;
    document.body.append(element);
    if (element.getBoundingClientRect().bottom > window.innerHeight) {
      element.style.top = `${Math.max(4, box.top - element.offsetHeight - 2)}px`;
    }
    const onPointer = (e: Event) => {
      if (!element.contains(e.target as Node)) close();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      close();
      returnFocus.focus();
    };
    // Scrolling the grid would leave the popover pointing at another row.
    const onScroll = (e: Event) => {
      if (!element.contains(e.target as Node)) close();
    };
    const close = () => {
      element.remove();
      document.removeEventListener('pointerdown', onPointer, true);
      document.removeEventListener('keydown', onKey, true);
      document.removeEventListener('scroll', onScroll, true);
      this.current = undefined;
    };
    document.addEventListener('pointerdown', onPointer, true);
    document.addEventListener('keydown', onKey, true);
    document.addEventListener('scroll', onScroll, true);
    this.current = close;
    element.focus();
  }
}
