/**
 * Entry of the webview bundle (dist/webview.js): connects to the host, says `ready`, and hands each message from
 * the host to the app. Messages are checked for shape first: the webview trusts no input.
 */
import { isHostMessage } from '../shared/protocol';
import { App } from './app';
import { connectToHost } from './vscodeApi';

const host = connectToHost();
const root = document.getElementById('app') as HTMLElement;
const app = new App(root, host);

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isHostMessage(message)) return;
  switch (message.type) {
    case 'load':
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
  }
});

host.postMessage({ type: 'ready' });
