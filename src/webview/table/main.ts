/**
 * Entry of the webview bundle (dist/webview.js): connects to the host, shows the table the page carries (if any),
 * says `ready`, and hands each message from the host to the app. Messages are checked for shape first: the webview
 * trusts no input, the page's embedded one included.
 */
import { markTable } from './openTiming';
import { EMBEDDED_MESSAGE_ID, type HostToWebview, isHostMessage, unpack } from '../../shared/protocol';
import { fromWire } from '../../shared/wireRows';
import { App } from './app';
import { connectToHost } from '../common/vscodeApi';

const host = connectToHost();
const root = document.getElementById('app') as HTMLElement;
const app = new App(root, host);

function handle(message: HostToWebview): void {
  switch (message.type) {
    case 'load':
      markTable();
      app.load({
        ...message,
        locale: typeof message.locale === 'string' ? message.locale : 'en',
        strings: message.strings ?? {},
      });
      break;
    case 'rows':
      app.rows(message);
      break;
    case 'totalsRows':
      app.totalsRows(message);
      break;
    case 'error':
      app.error(message.message);
      break;
    case 'organisation':
      app.organisation(message.view, message.chosen === true);
      break;
    case 'packed':
      break;
  }
}

/**
 * Messages are handled one after another, in the order they came: a packed one is unpacked asynchronously, and
 * what follows it (the next page, rows, an error) must not overtake it.
 */
let queue = Promise.resolve();
function receive(message: HostToWebview): void {
  queue = queue.then(async () => {
    const inner = message.type === 'packed' ? await unpack(message.data) : message;
    if (inner) handle(inner);
  });
}

/** The `load` the host put into the page, if there is one and it is well formed; else the ready/load path. */
function embeddedLoad(): HostToWebview | undefined {
  const text = document.getElementById(EMBEDDED_MESSAGE_ID)?.textContent;
  if (!text) return undefined;
  try {
    const message = fromWire(JSON.parse(text));
    return isHostMessage(message) && message.type === 'load' ? message : undefined;
  } catch {
    return undefined;
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isHostMessage(event.data)) receive(event.data);
});

// A page shown again (or restored) may carry an older table than the host has now: it asks for the current one,
// and hands back the what-if swaps it was showing (after a window reload the host knows of none).
const embedded = app.restored ? undefined : embeddedLoad();
const swaps = app.restoredSwaps;
host.postMessage({ type: 'ready', ...(embedded ? { embedded: true } : {}), ...(swaps ? { swaps } : {}) });
if (embedded) receive(embedded);
