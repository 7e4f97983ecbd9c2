/**
 * The marks of one table opening and the phases they add up to, for the log and the benchmark's breakdown. Pure
 * (no `vscode`): the integration test's benchmark reads the same phases.
 */
import type { PaintTiming } from '../shared/protocol';

/**
 * When each step of opening a table happened (epoch ms, first time only). `posted` is when the table left for the
 * webview: in a `load` message, or in the page itself.
 */
export interface OpenTimeline {
  created: number;
  htmlSet?: number;
  parsed?: number;
  ready?: number;
  posted?: number;
  /** Whether the page carried the table (no `ready`/`load` round trip). */
  embedded?: boolean;
  /** When the whole table left for the webview; before it, the rows read so far of a large file may have. */
  whole?: number;
  painted?: number;
  /** When the webview had every totals row of the whole table. */
  usable?: number;
  /** The webview's own marks, from its `painted` message. */
  webview?: PaintTiming;
}

/** Milliseconds per phase, in the order they happen; a phase whose marks are missing is absent. */
export interface OpenPhases {
  /** Panel created until the table was read (in the host for a small file, else by the worker). */
  parse?: number;
  /** Panel created until its page was set: the wait for a table to put into it. */
  html?: number;
  /** Page set until the webview's document started loading: the workbench sets up the webview's frame. */
  frame?: number;
  /** Document start until the script ran: the page, its stylesheets and the bundle. */
  load?: number;
  /** Script start until the webview had the table: the ready/load round trip, or none when the page carried it. */
  table?: number;
  /** Table in hand until the frame that shows it: rendering. */
  paint?: number;
  /** The painted frame until the host heard of it. */
  report?: number;
  /** Panel created until the host heard of the painted frame. */
  total?: number;
}

const span = (from: number | undefined, to: number | undefined): number | undefined =>
  from === undefined || to === undefined ? undefined : Math.max(0, Math.round(to - from));

export function openPhases(t: OpenTimeline): OpenPhases {
  const w = t.webview;
  const phases: OpenPhases = {
    parse: span(t.created, t.parsed),
    html: span(t.created, t.htmlSet),
    frame: span(t.htmlSet, w?.pageStart),
    load: span(w?.pageStart, w?.scriptStart),
    table: span(w?.scriptStart, w?.table),
    paint: span(w?.table, w?.painted),
    report: span(w?.painted, t.painted),
    total: span(t.created, t.painted),
  };
  return Object.fromEntries(Object.entries(phases).filter(([, ms]) => ms !== undefined));
}

/** "parse 12 ms, html 14 ms, …": the phases in order, for a log line. */
export function describePhases(phases: OpenPhases): string {
  return Object.entries(phases)
    .map(([name, ms]) => `${name} ${ms} ms`)
    .join(', ');
}
