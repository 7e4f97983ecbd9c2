/** `{0}`-style placeholders, filled the same way on both sides (and by `vscode.l10n.t` on the host). */
export function fillTemplate(template: string, args: readonly string[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => args[Number(index)] ?? whole);
}

/** Localizes an English template with `{0}` arguments: `vscode.l10n.t` on the host, `english` elsewhere. */
export type Localize = (template: string, ...args: string[]) => string;

export const english: Localize = (template, ...args) => fillTemplate(template, args);
