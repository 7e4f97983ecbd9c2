import * as vscode from 'vscode';

export type ProgressReporter = vscode.Progress<{ message?: string }>;

/** A notification with progress and Cancel; Cancel aborts the task's signal. */
export function withCancellableProgress<T>(
  title: string,
  task: (progress: ProgressReporter, signal: AbortSignal) => Promise<T>,
): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const cancel = token.onCancellationRequested(() => abort.abort());
      try {
        return await task(progress, abort.signal);
      } finally {
        cancel.dispose();
      }
    },
  );
}
