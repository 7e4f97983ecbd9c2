/** Reading the table off the screen, as a person would: texts of rows and cells, in display order. */
import type { Frame, Page } from 'playwright-core';

/** A page of the webview harness, or the webview's frame inside the real workbench. */
type Doc = Page | Frame;

/** The texts of the body rows currently in the DOM, in screen order (by aria-rowindex), one array per row. */
export function bodyRows(page: Doc): Promise<string[][]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.body .row')]
      .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
      .map((row) => [...row.querySelectorAll<HTMLElement>('[role=gridcell]')].map((c) => c.textContent ?? '')),
  );
}

/** One column of the body rows, by header label. */
export async function columnTexts(page: Doc, label: string): Promise<string[]> {
  const index = await headerIndex(page, label);
  return (await bodyRows(page)).map((r) => r[index]);
}

async function headerIndex(page: Doc, label: string): Promise<number> {
  const labels = await page.locator('.head [role=columnheader]').allTextContents();
  const index = labels.findIndex((l) => l.trim() === label);
  if (index < 0) throw new Error(`No column "${label}" in ${labels.join(', ')}`);
  return index;
}

/** The grand total row's cell texts. */
export function totalRow(page: Doc): Promise<string[]> {
  return page.locator('.foot .row [role=gridcell], .foot .row [role=rowheader]').allTextContents();
}

export function sortButton(page: Doc, label: string) {
  return page.locator('.head .sort', { hasText: label }).first();
}

export function header(page: Doc, label: string) {
  return page.locator('.head [role=columnheader]', { has: page.locator('.label', { hasText: label }) }).first();
}

/** The header labels not shown whole: cut at the side, or past their second line. */
export function cutHeaders(page: Doc): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.head [role=columnheader] .label')]
      .filter((l) => l.scrollWidth > l.clientWidth || l.scrollHeight > l.clientHeight)
      .map((l) => l.textContent ?? ''),
  );
}

/** Totals open sorted by their primary figure; this puts the rows back in the file's order (one click). */
export async function inFileOrder(page: Doc): Promise<void> {
  await page.getByRole('button', { name: 'File order' }).click();
}

/** The headline strip as a person reads it: label → value (and the note under it, if any). */
export function figures(wv: { page: Doc }): Promise<Record<string, string>> {
  return wv.page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('.headline .figure')].map((f) => [
        f.querySelector('.figure-label')?.textContent ?? '',
        [f.querySelector('.figure-value')?.textContent, f.querySelector('.figure-note')?.textContent]
          .filter(Boolean)
          .join(' | '),
      ]),
    ),
  );
}
