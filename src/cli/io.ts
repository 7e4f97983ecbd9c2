/** What a command reads and writes besides its files: the environment, the current folder, the two streams. */
import type { Progress } from './progress';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  cwd: string;
  out(text: string): void;
  /** One line on stderr (warnings that do not fail the command). */
  warn(line: string): void;
  progress: Progress;
}

/** The flags of the commands that ask the API for exports (export, trend). */
export const EXPORT_OPTIONS = {
  'base-url': { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  type: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  timezone: { type: 'string' },
  'group-by': { type: 'string' },
  output: { type: 'string', short: 'o' },
  format: { type: 'string' },
} as const;
