/**
 * Entry of the trend bundle (dist/trend.js), loaded only by trend views: the table's bundle does not carry the
 * chart library. Connects to the host, says `ready`, and hands each checked `trend` message to the app.
 */
import { isTrendHostMessage } from '../../shared/trendProtocol';
import { connectToHost } from '../common/vscodeApi';
import { TrendApp, type TrendHost } from './trendApp';

const host: TrendHost = connectToHost();
const app = new TrendApp(document.getElementById('app') as HTMLElement, host);

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isTrendHostMessage(event.data)) app.load(event.data);
});

host.postMessage({ type: 'ready' });
