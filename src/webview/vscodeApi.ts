/** The webview's only channel to the host, typed with the protocol. */
import type { ViewState, WebviewToHost } from '../shared/protocol';

export interface HostApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: ViewState): void;
}

declare function acquireVsCodeApi(): HostApi;

/** VS Code allows one acquireVsCodeApi() call per page: call this once, in main. */
export function connectToHost(): HostApi {
  return acquireVsCodeApi();
}
