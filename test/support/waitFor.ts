/**
 * The one way tests wait for something that happens in its own time (a panel's table, a file the extension
 * writes, a log line on disk): `check` is asked every `intervalMs` until it gives a value (anything but
 * undefined, null or false), which `waitFor` returns; after `timeoutMs` it fails, naming `what` and the last error.
 */
import { setTimeout } from 'node:timers/promises';

export interface WaitOptions {
  /** What is awaited, for the failure: "the comparison's table". */
  what: string;
  timeoutMs?: number;
  intervalMs?: number;
}

type Found<T> = Exclude<T, undefined | null | false>;

export async function waitFor<T>(
  check: () => T | Promise<T>,
  { what, timeoutMs = 10_000, intervalMs = 50 }: WaitOptions,
): Promise<Found<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== null && value !== false) return value as Found<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await setTimeout(intervalMs);
  }
}
