/**
 * The command line's exit codes (a contract scripts and CI depend on) and the one-line message of each failure.
 * 0 done; 1 usage error, nothing sent; 2 key refused (401/403) with Langdock's message; 3 API or network failure
 * after retries; 4 a trend with missing periods (the rest written).
 */
import { LangdockApiError } from '../core/api/api';

export const EXIT = { done: 0, usage: 1, keyRefused: 2, failed: 3, missingPeriods: 4 } as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A problem with what was asked: bad flag, unknown type, a date that does not exist, no key. Nothing was sent. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The exit code and the line for stderr of anything thrown by a command. */
export function describeFailure(error: unknown): { code: ExitCode; line: string } {
  if (error instanceof UsageError) return { code: EXIT.usage, line: error.message };
  if (error instanceof LangdockApiError) {
    const said = error.serverMessage ? ` Langdock says: ${error.serverMessage}` : '';
    if (error.kind === 'auth' || error.kind === 'scope')
      return { code: EXIT.keyRefused, line: `${error.message}${said}` };
    return { code: EXIT.failed, line: error.message };
  }
  // Node's own argument errors (an unknown flag, a missing value) are usage errors.
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))
    return { code: EXIT.usage, line: (error as Error).message };
  return { code: EXIT.failed, line: error instanceof Error ? error.message : String(error) };
}
