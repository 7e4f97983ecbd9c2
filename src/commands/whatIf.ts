import * as vscode from 'vscode';
import type { UsagePanels } from '../views/usagePanel';
import type { UsageTableSession } from '../views/usageTableSession';
import type { Pricing } from '../services/pricing';
import type { WhatIfSwap } from '../core/pricing/costColumns';
import { priceListId } from '../core/pricing/modelMap';
import { usdFormat } from '../shared/usd';

/** `langdock.whatIf`'s optional argument: swap without prompts (`to` is "provider/model"), or clear. */
interface WhatIfArgs {
  from?: unknown;
  to?: unknown;
  clear?: unknown;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * `langdock.whatIf`: pick a model of the table shown and a model of the price list; the table then shows what the
 * first one's tokens would have cost at the second one's list prices. Swaps add up until cleared.
 */
export async function whatIf(
  panels: UsagePanels,
  pricing: Pricing,
  arg?: unknown,
  session: UsageTableSession | undefined = panels.activeSession(),
): Promise<void> {
  if (!session) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a usage table with token counts first.'));
    return;
  }
  const args = (typeof arg === 'object' && arg !== null ? arg : {}) as WhatIfArgs;
  if (args.clear === true) return session.setWhatIf([]);
  const models = await session.whatIfModels();
  if (models.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('This export has no token counts, so there is nothing to price at other prices.'),
    );
    return;
  }
  const book = pricing.priceBook();
  const targets = book.models();
  const swaps = session.whatIfSwaps;

  let from = typeof args.from === 'string' ? args.from : undefined;
  if (from === undefined) {
    const picked = await vscode.window.showQuickPick(
      models.map((m) => {
        const swap = swaps.find((s) => s.from === m.model);
        return {
          label: m.model,
          description: swap ? `→ ${swap.to.provider}/${swap.to.model}` : (m.provider ?? ''),
        };
      }),
      {
        title: vscode.l10n.t('What if… (1/2): a model of this export'),
        placeHolder: vscode.l10n.t('Model to price'),
        // Two steps, as the export's prompts: the table's webview taking the focus must not close the next one.
        ignoreFocusOut: true,
      },
    );
    if (!picked) return;
    from = picked.label;
  }
  const source = models.find((m) => m.model === from);
  if (!source) {
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} has no token counts in this export.', from));
    return;
  }

  let to = typeof args.to === 'string' ? args.to : undefined;
  if (to === undefined) {
    const provider = priceListId(source.model, source.provider)?.provider ?? source.provider?.toLowerCase();
    const date = today();
    const usd = usdFormat(vscode.env.language);
    const items = targets
      .map((t) => {
        const price = book.priceAt(t.provider, t.model, date);
        return {
          label: t.model,
          description: t.provider,
          detail:
            price &&
            vscode.l10n.t(
              '{0} input, {1} output per 1M',
              usd.price(price.prices.input),
              usd.price(price.prices.output),
            ),
          same: t.provider === provider,
        };
      })
      // The same provider's models first: the swap people weigh most often.
      .sort((a, b) => Number(b.same) - Number(a.same));
    const picked = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('What if… (2/2): price the tokens of {0} at', source.model),
      placeHolder: vscode.l10n.t(
        'Chat models at their list prices in force today, per 1M tokens ({0}); search by name or provider',
        book.version,
      ),
      matchOnDescription: true,
      ignoreFocusOut: true,
    });
    if (!picked) return;
    to = `${picked.description}/${picked.label}`;
  }
  const slash = to.indexOf('/');
  const target = { provider: to.slice(0, slash), model: to.slice(slash + 1) };
  if (slash <= 0 || !targets.some((t) => t.provider === target.provider && t.model === target.model)) {
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} is not in the price list.', to));
    return;
  }
  const next: WhatIfSwap[] = [...swaps.filter((s) => s.from !== source.model), { from: source.model, to: target }];
  await session.setWhatIf(next);
}
