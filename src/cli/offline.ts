/** What the offline commands (totals, report) share: reading the file as the table does, at list prices. */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { createPriceBook } from '../core/pricing/listPrices';
import type { ReportContext } from '../core/report/model';
import type { ReportPricing } from '../core/report/reportJob';
import { english } from '../shared/template';
import { UsageError } from './cliError';
import { version } from '../../package.json';

const GENERATOR = `langdock-usage ${version}`;

/** The command line's prices: the bundled list prices, Langdock's own cost where the export has it. */
export function listPricing(): ReportPricing {
  return { book: createPriceBook(), userPrices: new Map(), costSource: 'auto', problems: [] };
}

export function inputFile(cwd: string, file: string | undefined, flag: string): string {
  if (!file) throw new UsageError(`${flag} is required: the CSV to read.`);
  const resolved = path.resolve(cwd, file);
  if (!existsSync(resolved)) throw new UsageError(`${file} does not exist.`);
  return resolved;
}

export function reportContext(options: { minGroupSize: number; includeNames: boolean }): ReportContext {
  return { t: english, locale: 'en-US', generator: GENERATOR, now: new Date(), ...options };
}
