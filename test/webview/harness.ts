/**
 * The usage-table webview in a real Chromium, as VS Code would run it: the page is `renderWebviewHtml`'s output
 * (same CSP, same nonce rule) served with dist/webview.js, media/usage.css and the codicons from a loopback HTTP
 * server; a stub `acquireVsCodeApi` records what the webview posts and keeps its state across reloads; the theme
 * arrives as CSS variables on <html> and a class on <body>, like the workbench does it. Used by the mocha tests and
 * by the benchmark (webview.bench.ts).
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import type { CellValue, ExportHeader, HostToWebview, UsageTable, WebviewToHost } from '../../src/shared/protocol';
import { makeNonce, renderWebviewHtml } from '../../src/views/webviewHtml';
import { pageTotals, TOTALS_PAGE_LINES, TOTALS_REST_PAGE_LINES, type PagedTotals } from '../../src/shared/totalsPages';
import { BIG_COLUMNS, generateTable } from './tables';
import { pack } from '../../src/core/table/tableView';
import { waitFor } from '../support/waitFor';
import { THEMES, type ThemeName } from './themes';

/** The repository root (this file runs from out/test/webview). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
/** 1280 px less the activity bar (48) and a sidebar of its default 300 px, and a little to spare. */
export const EDITOR_WIDTH = 920;
/** The German bundle, as VS Code hands it to the extension. */
export const GERMAN = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'l10n/bundle.l10n.de.json'), 'utf8')) as Record<
  string,
  string
>;
/** Screenshots and other artefacts: gitignored. */
const WORK_DIR = path.join(REPO_ROOT, '.test-work', 'webview');

const STATIC: Record<string, string> = {
  '/dist/webview.js': 'text/javascript',
  '/dist/trend.js': 'text/javascript',
  '/media/usage.css': 'text/css',
  '/media/trend.css': 'text/css',
  '/dist/codicons/codicon.css': 'text/css',
  '/dist/codicons/codicon.ttf': 'font/ttf',
};

interface OpenOptions {
  theme?: ThemeName;
  /** Which webview: the usage table (default) or the trend view. */
  view?: 'table' | 'trend';
  width?: number;
  height?: number;
  /** A first message the page carries (see renderWebviewHtml's `embedded`), as the panel embeds a quick table. */
  embedded?: HostToWebview;
  /** Replaces the text of the page's embedded block as is (a malformed block); needs `embedded`. */
  embeddedText?: string;
}

export interface WebviewPage {
  page: Page;
  /** Everything the webview posted to the host so far. */
  posted(): Promise<WebviewToHost[]>;
  /** Delivers a message from the host, as VS Code's webview.postMessage would. */
  post(message: HostToWebview): Promise<void>;
  /**
   * Posts a `load` with defaults for what the test does not care about, as the host does: a big table's totals
   * rows in pages (the `load` with the first, then `totalsRows` messages).
   */
  load(
    table: UsageTable,
    options?: Partial<Omit<Extract<HostToWebview, { type: 'load' }>, 'type' | 'table' | 'totalsRowCount'>>,
  ): Promise<void>;
  /** Makes the stub host answer every `requestRows` from these rows (held in the page). */
  serveRows(rows: CellValue[][] | { total: number }): Promise<void>;
  /**
   * Generates an n-row table inside the page (see tables.ts generateTable) and posts it as the host does (the
   * `load` with the first page of totals rows, then the other pages one after another), measuring until the first
   * rows are painted, from the post (including the message's structured clone, as in VS Code) and from the
   * message's arrival, and until the last page is painted. With `holdPages`, only the `load` is posted (and
   * `postHeldPages` sends the rest).
   */
  loadGenerated(
    n: number,
    options?: { holdPages?: boolean },
  ): Promise<{ postToPaint: number; arrivalToPaint: number; postToComplete: number; pages: number }>;
  /**
   * Posts the pages `loadGenerated` held back, packed as the host forwards them (read back by column), and waits
   * until the webview has every row.
   */
  postHeldPages(): Promise<void>;
  /** Posts a message packed as the table worker packs it (gzip'd JSON, rows by column), as the host forwards it. */
  postPacked(message: HostToWebview): Promise<void>;
  /** Clicks the header button with this label and measures until the re-sorted rows are painted. */
  timeSort(label: string): Promise<number>;
  /** Console errors, page errors and CSP violations seen so far. */
  problems(): Promise<string[]>;
  /** Reloads the page (a hidden panel coming back); the saved state survives. */
  reload(): Promise<void>;
  close(): Promise<void>;
}

export interface Harness {
  origin: string;
  browser: Browser;
  open(options?: OpenOptions): Promise<WebviewPage>;
  close(): Promise<void>;
}

/** The header of a page opened now: exported three minutes before it opens (not before the suite started). */
const defaultHeader = (): ExportHeader => ({
  title: 'Model usage',
  range: '2026-11-01 – 2026-11-24 · Europe/Berlin',
  grouping: 'By source',
  host: 'api.langdock.com',
  createdAt: new Date(Date.now() - 3 * 60_000).toISOString(),
  fileName: 'models-2026-11-01.csv',
  canRerun: true,
});

/** The embedded messages of pages opened with one, by the `embed` query parameter of their URL. */
type Embeds = Map<string, Pick<OpenOptions, 'embedded' | 'embeddedText'>>;

function serve(embeds: Embeds): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = `http://${req.headers.host}`;
    if (url.pathname === '/' || url.pathname === '/trend') {
      const trend = url.pathname === '/trend';
      const embed = embeds.get(url.searchParams.get('embed') ?? '');
      // A fresh nonce per load, as the panel does.
      let html = renderWebviewHtml({
        cspSource: origin,
        nonce: makeNonce(),
        scriptUri: `${origin}/dist/${trend ? 'trend' : 'webview'}.js`,
        styleUri: `${origin}/media/usage.css`,
        ...(trend ? { extraStyleUri: `${origin}/media/trend.css` } : {}),
        codiconsUri: `${origin}/dist/codicons/codicon.css`,
        title: 'Model usage',
        lang: 'en',
        ...(embed?.embedded ? { embedded: JSON.stringify(embed.embedded) } : {}),
      });
      if (embed?.embeddedText !== undefined) {
        const text = embed.embeddedText;
        html = html.replace(
          /(<script type="application\/json"[^>]*>)[^<]*(<\/script>)/,
          (_, open, close) => open + text + close,
        );
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(html);
      return;
    }
    const type = STATIC[url.pathname];
    if (url.pathname === '/favicon.ico') {
      // Chromium asks every page for one; a VS Code webview never does.
      res.writeHead(204).end();
      return;
    }
    if (!type) {
      res.writeHead(404).end();
      return;
    }
    fs.readFile(path.join(REPO_ROOT, url.pathname), (error, body) => {
      if (error) res.writeHead(404).end();
      else res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/**
 * Runs in the page before any of its scripts: the stub of VS Code's webview API and theme. State lives in
 * sessionStorage so it survives a reload, as VS Code keeps a webview's state while its panel is hidden.
 */
function initPage(theme: { bodyClass: string; kind: string; vars: Record<string, string> }): void {
  const w = window as unknown as Record<string, unknown>;
  const posted: unknown[] = [];
  const problems: string[] = [];
  w.__posted = posted;
  w.__problems = problems;
  document.addEventListener('securitypolicyviolation', (e) => {
    problems.push(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI} (${e.sample})`);
  });
  let acquired = false;
  w.acquireVsCodeApi = () => {
    if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
    acquired = true;
    return Object.freeze({
      postMessage(message: unknown) {
        // VS Code serializes messages: a copy proves the message is plain data.
        const copy = JSON.parse(JSON.stringify(message)) as { type?: string };
        posted.push(copy);
        const onPost = w.__onPost as ((m: unknown) => void) | undefined;
        onPost?.(copy);
      },
      getState() {
        const saved = sessionStorage.getItem('vscode-state');
        return saved ? JSON.parse(saved) : undefined;
      },
      setState(state: unknown) {
        sessionStorage.setItem('vscode-state', JSON.stringify(state));
        return state;
      },
    });
  };
  const applyRoot = () => {
    for (const [name, value] of Object.entries(theme.vars)) document.documentElement.style.setProperty(name, value);
  };
  const applyBody = () => {
    document.body.classList.add(theme.bodyClass);
    document.body.dataset.vscodeThemeKind = theme.kind;
  };
  let rootThemed = false;
  new MutationObserver((_, observer) => {
    if (document.documentElement && !rootThemed) {
      rootThemed = true;
      applyRoot();
    }
    if (document.body) {
      applyBody();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
}

export async function startHarness(): Promise<Harness> {
  for (const file of Object.keys(STATIC)) {
    if (!fs.existsSync(path.join(REPO_ROOT, file))) throw new Error(`${file} is missing: run npm run build first`);
  }
  const embeds: Embeds = new Map();
  const server = await serve(embeds);
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];

  const open = async (options: OpenOptions = {}): Promise<WebviewPage> => {
    const context = await browser.newContext({
      viewport: { width: options.width ?? 1100, height: options.height ?? 560 },
      locale: 'en-US',
      colorScheme: options.theme === 'light' ? 'light' : 'dark',
    });
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`console.${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    await page.addInitScript(initPage, THEMES[options.theme ?? 'dark']);
    let query = '';
    if (options.embedded) {
      const id = String(embeds.size + 1);
      embeds.set(id, { embedded: options.embedded, embeddedText: options.embeddedText });
      query = `?embed=${id}`;
    }
    await page.goto(origin + (options.view === 'trend' ? '/trend' : '/') + query);
    await page.waitForFunction(() =>
      (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'),
    );
    await page.evaluate(() => document.fonts.ready);

    // Resolves once the webview has handled the message: a listener added after the app's runs after it.
    const post = (message: HostToWebview) =>
      page.evaluate(
        (m) =>
          new Promise<void>((resolve) => {
            const handled = (event: MessageEvent<{ type?: string }>) => {
              if (event.data?.type !== m.type) return;
              window.removeEventListener('message', handled);
              resolve();
            };
            window.addEventListener('message', handled);
            window.postMessage(m, '*');
          }),
        message,
      );
    const postPacked = async (message: HostToWebview) => {
      const bytes = Array.from(pack(message));
      await page.evaluate((b) => window.postMessage({ type: 'packed', data: new Uint8Array(b) }, '*'), bytes);
    };
    const totalsLoaded = () =>
      page.evaluate(
        () =>
          (window as unknown as { __posted: WebviewToHost[] }).__posted.filter((m) => m.type === 'totalsLoaded').length,
      );
    /** The later pages as the host forwards them, then the wait until the webview says it has every row. */
    const postPages = async (pages: PagedTotals['pages']) => {
      if (pages.length === 0) return;
      const before = await totalsLoaded();
      for (const p of pages) await postPacked({ type: 'totalsRows', ...p });
      await waitFor(async () => (await totalsLoaded()) > before, { what: 'the webview to have every totals row' });
    };
    let held = 0;
    return {
      page,
      posted: () => page.evaluate(() => (window as unknown as { __posted: WebviewToHost[] }).__posted),
      post,
      postPacked,
      load: async (table, extra = {}) => {
        const paged = pageTotals(table, TOTALS_PAGE_LINES, TOTALS_REST_PAGE_LINES);
        const { totalsRowCount } = paged;
        await post({
          type: 'load',
          header: defaultHeader(),
          locale: 'en-US',
          strings: {},
          ...extra,
          table: paged.table,
          ...(totalsRowCount === undefined ? {} : { totalsRowCount }),
        });
        if (extra.progress === undefined) await postPages(paged.pages);
        // The rows read so far of a file still loading are never reported whole.
        else for (const p of paged.pages) await postPacked({ type: 'totalsRows', ...p });
      },
      serveRows: (rows) =>
        page.evaluate((source) => {
          // Rows as given, or `total` generated ones shaped like the 100,000-row test's (model-<i>, requests i).
          const total = Array.isArray(source) ? source.length : source.total;
          const slice = (start: number, count: number) =>
            Array.isArray(source)
              ? source.slice(start, start + count)
              : Array.from({ length: Math.max(0, Math.min(count, total - start)) }, (_, k) => {
                  const i = start + k;
                  return ['2026-11-01', `model-${i}`, 'openai', 'false', String(i), null, '0.5', 'WEB'];
                });
          const w = window as unknown as Record<string, unknown>;
          w.__onPost = (m: { type: string; requestId: number; start: number; count: number }) => {
            if (m.type !== 'requestRows') return;
            setTimeout(() =>
              window.postMessage(
                { type: 'rows', requestId: m.requestId, start: m.start, rows: slice(m.start, m.count), total },
                '*',
              ),
            );
          };
        }, rows),
      loadGenerated: async (n, options = {}) => {
        held = options.holdPages ? n : 0;
        // `void`: the table stays in the page instead of being serialized back to Node as the expression's value.
        await page.evaluate(
          `void (window.__paged = (${pageTotals.toString()})((${generateTable.toString()})(${n}, ${JSON.stringify(BIG_COLUMNS)}), ${TOTALS_PAGE_LINES}, ${TOTALS_REST_PAGE_LINES}), window.__sendPages = ${sendPages.toString()})`,
        );
        return page.evaluate(
          async ({ header, hold }) => {
            const w = window as unknown as { __paged: PagedTotals; __sendPages: SendPages };
            const paged = w.__paged;
            let arrival = 0;
            // Capturing listeners on the target run before the webview's own listener.
            window.addEventListener('message', () => (arrival = performance.now()), { once: true, capture: true });
            const rowsShown = new Promise<void>((resolve) => {
              const observer = new MutationObserver(() => {
                if (!document.querySelector('.body .row')) return;
                observer.disconnect();
                resolve();
              });
              observer.observe(document.body, { childList: true, subtree: true });
            });
            const start = performance.now();
            const { totalsRowCount } = paged;
            window.postMessage(
              {
                type: 'load',
                header,
                locale: 'en-US',
                strings: {},
                table: paged.table,
                ...(totalsRowCount === undefined ? {} : { totalsRowCount }),
              },
              '*',
            );
            const sent = hold ? undefined : w.__sendPages(paged.pages);
            await rowsShown;
            await afterNextPaint();
            const painted = performance.now();
            await sent;
            return {
              postToPaint: painted - start,
              arrivalToPaint: painted - arrival,
              postToComplete: performance.now() - start,
              pages: 1 + paged.pages.length,
            };

            function afterNextPaint(): Promise<void> {
              return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
            }
          },
          { header: defaultHeader(), hold: options.holdPages === true },
        );
      },
      // The same generated table as in the page (generateTable is deterministic), its pages packed here.
      postHeldPages: () =>
        postPages(pageTotals(generateTable(held, BIG_COLUMNS), TOTALS_PAGE_LINES, TOTALS_REST_PAGE_LINES).pages),
      timeSort: (label) =>
        page.evaluate(async (text) => {
          const button = [...document.querySelectorAll<HTMLButtonElement>('.head .sort')].find(
            (b) => b.textContent?.trim() === text,
          );
          if (!button) throw new Error(`no header ${text}`);
          const start = performance.now();
          button.click();
          await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
          return performance.now() - start;
        }, label),
      problems: async () => [
        ...errors,
        ...(await page.evaluate(() => (window as unknown as { __problems: string[] }).__problems)),
      ],
      reload: async () => {
        await page.reload();
        await page.waitForFunction(() =>
          (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'),
        );
      },
      close: () => context.close(),
    };
  };

  return {
    origin,
    browser,
    open,
    close: async () => {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

type SendPages = (pages: PagedTotals['pages']) => Promise<void>;

/**
 * Runs in the page: posts the pages one after another with a turn of the event loop between them, as the host
 * does (src/views/totalsPages.ts), then waits until the webview has painted the last (its status no longer says
 * it is loading totals). Self-contained, so it can be passed into the page as source.
 */
async function sendPages(pages: PagedTotals['pages']): Promise<void> {
  // A MessageChannel turn, not setTimeout(0): nested timers are clamped to 4 ms, which the host's turns are not.
  const channel = new MessageChannel();
  const turn = () =>
    new Promise<void>((resolve) => {
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(0);
    });
  for (const p of pages) {
    await turn();
    window.postMessage({ type: 'totalsRows', ...p }, '*');
  }
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  do await frame();
  while (document.querySelector('.toolbar .status')?.textContent?.startsWith('Loading totals'));
  channel.port1.close();
}

/** Saves a screenshot under .test-work/webview and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(WORK_DIR, { recursive: true });
  const file = path.join(WORK_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
