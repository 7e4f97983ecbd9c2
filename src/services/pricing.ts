import * as vscode from 'vscode';
import * as path from 'path';
import type { PriceBook } from '../core/pricing/priceBook';
import { COST_SOURCES, type CostSource } from '../core/pricing/costColumns';
import type { UserPrices } from '../core/pricing/bucketCost';
import { parseModelPrices } from '../core/pricing/userPrices';

export interface CostSettings {
  userPrices: UserPrices;
  /** Entries of `langdock.modelPrices` that were left out, and why. */
  problems: string[];
  costSource: CostSource;
}

/** The setting keys that change computed costs: a change re-prices the open tables. */
export const COST_SETTINGS = ['langdock.modelPrices', 'langdock.costSource', 'langdock.seatPrices'];

/**
 * The price list and the cost settings. The price list is a bundle of its own (`dist/prices.js`, half a megabyte of
 * price data), required on first use, when a table with token columns opens, never at activation.
 */
export class Pricing {
  private book: PriceBook | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  priceBook(): PriceBook {
    if (!this.book) {
      const started = performance.now();
      const file = path.join(this.extensionUri.fsPath, 'dist', 'prices.js');
      // A runtime require of a file next to the bundle: esbuild must not inline the price data into extension.js.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const chunk = require(file) as { createPriceBook(): PriceBook };
      this.book = chunk.createPriceBook();
      this.log.info(`Loaded the price list (${this.book.version}) in ${(performance.now() - started).toFixed(1)} ms`);
    }
    return this.book;
  }

  settings(): CostSettings {
    const config = vscode.workspace.getConfiguration('langdock');
    const { prices, problems } = parseModelPrices(config.get<unknown>('modelPrices', {}), (template, ...args) =>
      vscode.l10n.t(template, ...args),
    );
    const source = config.get<string>('costSource', 'auto');
    return {
      userPrices: prices,
      problems,
      costSource: COST_SOURCES.find((s) => s === source) ?? 'auto',
    };
  }
}
