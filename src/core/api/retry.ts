/**
 * When and how long to wait before trying again: bounded attempts, exponential backoff with full jitter (so many
 * clients do not retry in lockstep), and the server's Retry-After honoured up to a cap. Every wait ends at once
 * when the caller cancels.
 */
import { setTimeout } from 'node:timers/promises';
import { type Problem, problem } from '../../shared/template';
import { LangdockApiError } from './errors';

export interface RetryPolicy {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest Retry-After that is waited out; a longer one is shortened to this. */
  retryAfterCapMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  retryAfterCapMs: 60_000,
};

export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export type RetryReason = 'rateLimited' | 'server' | 'network';

/** What the UI is told before each wait. */
export interface RetryNotice {
  reason: RetryReason;
  status?: number;
  delayMs: number;
  /** The attempt that follows the wait (2 for the first retry). */
  nextAttempt: number;
  maxAttempts: number;
}

/** Full jitter: a uniform wait between 0 and the exponential ceiling of this retry. */
function backoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(random() * ceiling);
}

/** Retry-After as delta-seconds or as an HTTP-date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The wait before retry number `retry` (1 = the first retry). */
export function retryDelay(
  retry: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy,
  random: () => number,
): number {
  return retryAfterMs === undefined
    ? backoffDelay(retry, policy, random)
    : Math.min(retryAfterMs, policy.retryAfterCapMs);
}

export function cancelledError(attempts: number): LangdockApiError {
  return new LangdockApiError('cancelled', problem('The export was cancelled.'), { attempts });
}

/** A timer that an AbortSignal cuts short (rejecting with a 'cancelled' error). */
export const cancellableSleep: Sleep = async (ms, signal) => {
  try {
    await setTimeout(ms, undefined, { signal });
  } catch (error) {
    throw signal.aborted ? cancelledError(0) : error;
  }
};

/**
 * "Rate limited, retrying in 4 s (attempt 2 of 4)…" as a template: the side that shows it localizes it (the export's
 * progress in the display language), as it does the API's errors.
 */
export function retryProblem(notice: RetryNotice): Problem {
  const seconds = String(Math.max(1, Math.ceil(notice.delayMs / 1000)));
  const why =
    notice.reason === 'rateLimited'
      ? problem('Rate limited')
      : notice.reason === 'server'
        ? problem('Server error (HTTP {0})', String(notice.status ?? ''))
        : problem('Network error');
  return problem(
    '{0}, retrying in {1} s (attempt {2} of {3})…',
    why,
    seconds,
    String(notice.nextAttempt),
    String(notice.maxAttempts),
  );
}
