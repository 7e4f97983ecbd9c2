/**
 * How a worker thread ends: it frees its memory itself first. V8 (Node 24, and VS Code's Electron) keeps the pages
 * a collection frees in a pool; when a worker ends, its pool passes to another isolate of the process, the
 * extension host's, whose main thread unmaps it 8 s later: 130–250 ms of stall in the host after a large table
 * (seen with perf in code-server's extension host: `PagePool::ReleaseUpTo` on its main thread). A full collection
 * through the worker's own inspector session frees those pages in the worker instead.
 */
import type { Worker } from 'node:worker_threads';

/** How long a worker may take to free its memory and end (a render under way finishes first). */
const GRACE_MS = 5000;

/** Worker side: collects this thread's garbage, returning its pooled pages to the system, then ends the thread. */
export async function releaseHeapAndExit(): Promise<never> {
  try {
    // Loaded here: a runtime built without the inspector throws on import, and the worker must still end there.
    const { Session } = await import('node:inspector');
    const session = new Session();
    session.connect();
    await new Promise<void>((resolve) => session.post('HeapProfiler.collectGarbage', () => resolve()));
    session.disconnect();
  } finally {
    process.exit(0);
  }
}

/** Host side: ends `worker` unless it has ended itself within the grace time. */
export function endAfterGrace(worker: Worker): void {
  const timer = setTimeout(() => void worker.terminate(), GRACE_MS).unref();
  worker.once('exit', () => clearTimeout(timer));
}
