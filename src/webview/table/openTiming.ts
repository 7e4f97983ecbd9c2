/**
 * When this page started and when it got its table, for the `painted` message's timing: epoch ms, so the host can
 * line them up with its own marks (the webview and the extension host run on one machine's clock). main.ts imports
 * this module first, so `scriptStart` is taken before the rest of the bundle runs.
 */
import type { PaintTiming } from '../../shared/protocol';

const now = (): number => performance.timeOrigin + performance.now();

const scriptStart = now();
let tableAt = scriptStart;

/** The table arrived (a `load` message, or the one embedded in the page). */
export function markTable(): void {
  tableAt = now();
}

/** Called in the frame that shows the table. */
export function paintTiming(): PaintTiming {
  return { pageStart: performance.timeOrigin, scriptStart, table: tableAt, painted: now() };
}
