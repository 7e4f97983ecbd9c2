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

/** The flags every command that talks to the API takes. */
export const API_OPTIONS = {
  'base-url': { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;
