/** The webview's only channel to the host, typed with the protocol. */
import type { ViewState, WebviewToHost } from '../../shared/protocol';

/** The table's channel by default; the trend view names its own messages and state. */
export interface HostApi<Message = WebviewToHost, State = ViewState> {
  postMessage(message: Message): void;
  getState(): unknown;
  setState(state: State): void;
}

declare function acquireVsCodeApi(): unknown;

/** VS Code allows one acquireVsCodeApi() call per page: call this once, in main. */
export function connectToHost<Message = WebviewToHost, State = ViewState>(): HostApi<Message, State> {
  return acquireVsCodeApi() as HostApi<Message, State>;
}
