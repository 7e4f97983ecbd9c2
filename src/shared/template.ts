/** `{0}`-style placeholders, filled the same way on both sides (and by `vscode.l10n.t` on the host). */
export function fillTemplate(template: string, args: readonly string[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => args[Number(index)] ?? whole);
}

/** Localizes an English template with `{0}` arguments: `vscode.l10n.t` on the host, `english` elsewhere. */
export type Localize = (template: string, ...args: string[]) => string;

export const english: Localize = (template, ...args) => fillTemplate(template, args);

/**
 * A sentence for the user as an English template and its arguments, which may be sentences of their own. Code that
 * cannot localize (src/core) returns or throws these; the side that shows them localizes them (`localize`).
 */
export interface Problem {
  message: string;
  args: (string | Problem)[];
}

export const problem = (message: string, ...args: (string | Problem)[]): Problem => ({ message, args });

/** The reason an error carries as a sentence to localize (the API client's errors, a file changed on disk), if any. */
export function reasonOf(error: unknown): Problem | undefined {
  const reason = (error as { reason?: unknown } | null | undefined)?.reason;
  return isProblem(reason) ? reason : undefined;
}

function isProblem(value: unknown): value is Problem {
  const text = value as Problem | undefined;
  return (
    typeof text?.message === 'string' &&
    Array.isArray(text.args) &&
    text.args.every((arg) => typeof arg === 'string' || isProblem(arg))
  );
}

/** The sentence in the language of `t`, its inner sentences first. */
export function localize(text: Problem, t: Localize): string {
  return t(text.message, ...text.args.map((arg) => (typeof arg === 'string' ? arg : localize(arg, t))));
}
