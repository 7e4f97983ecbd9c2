/** What the offline commands (totals, report) share: reading the file as the table does, at list prices. */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { COST_SOURCES, type CostSource } from '../core/pricing/costColumns';
import { createPriceBook } from '../core/pricing/listPrices';
import type { ReportContext } from '../core/report/model';
import type { ReportPricing } from '../core/report/reportJob';
import { english } from '../shared/template';
import * as check from './checks';
import { UsageError } from './cliError';
import { version } from '../../package.json';

const GENERATOR = `langdock-usage ${version}`;

/**
 * The command line's prices: the bundled list prices, and by default (`auto`, as `langdock.costSource`) Langdock's
 * own cost where the export has it.
 */
export function listPricing(costSource: CostSource = 'auto'): () => ReportPricing {
  return () => ({ book: createPriceBook(), userPrices: new Map(), costSource, problems: [] });
}

/** `--cost-source`, as the setting `langdock.costSource`. */
export const COST_SOURCE_OPTION = { 'cost-source': { type: 'string' } } as const;

export function costSourceOf(value: string | undefined): CostSource {
  return check.oneOf('cost-source', value, COST_SOURCES, 'auto');
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
