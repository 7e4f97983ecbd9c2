/**
 * Measures the extension host from inside it, as every other extension feels it: the event loop's longest stall
 * (a 5 ms interval's longest gap beyond its period, and `monitorEventLoopDelay` beside it), the heap's peak
 * growth, and, on request, a CPU profile of this thread.
 */
import { promises as fs } from 'fs';
import { Session } from 'inspector';
import { constants, monitorEventLoopDelay, performance, PerformanceObserver } from 'perf_hooks';

const TICK_MS = 5;

export interface HostFigures {
  /** The longest time the event loop could not run a due 5 ms timer, in ms. */
  stallMs: number;
  histogramMaxMs: number;
  p99Ms: number;
  /** Peak heapUsed minus heapUsed at the start, in bytes (sampled every 50 ms). */
  heapGrowth: number;
  /** The host's longest garbage-collection pause and its kind: whether a long stall was the collector's. */
  longestGc: { ms: number; kind: string };
}

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
};

export function watchEventLoop(): { stop(): HostFigures } {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let longestGc = { ms: 0, kind: 'none' };
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind ?? -1;
      if (entry.duration > longestGc.ms) longestGc = { ms: entry.duration, kind: GC_KINDS[kind] ?? String(kind) };
    }
  });
  gc.observe({ entryTypes: ['gc'] });
  const heapStart = process.memoryUsage().heapUsed;
  let heapPeak = heapStart;
  let last = performance.now();
  let worst = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - TICK_MS);
    last = now;
    if (++ticks % 10 === 0) heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  }, TICK_MS);
  return {
    stop() {
      clearInterval(timer);
      histogram.disable();
      gc.disconnect();
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
      return {
        stallMs: worst,
        histogramMaxMs: histogram.max / 1e6,
        p99Ms: histogram.percentile(99) / 1e6,
        heapGrowth: heapPeak - heapStart,
        longestGc,
      };
    },
  };
}

/** Waits until the host is quiet (no stall over 25 ms for half a second, at most 10 s): a fair start line. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const loop = watchEventLoop();
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (loop.stop().stallMs < 25) return;
  }
}

function post(session: Session, method: string): Promise<unknown> {
  return new Promise((resolve, reject) =>
    session.post(method, (error, result) => (error ? reject(error) : resolve(result))),
  );
}

/** A CPU profile of this thread (the extension host's), written as a .cpuprofile when stopped. */
export async function startProfile(): Promise<{ stop(file: string): Promise<void> }> {
  const session = new Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.start');
  return {
    async stop(file) {
      const { profile } = (await post(session, 'Profiler.stop')) as { profile: unknown };
      session.disconnect();
      await fs.writeFile(file, JSON.stringify(profile));
    },
  };
}
