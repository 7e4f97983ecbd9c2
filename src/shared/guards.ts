/** The shape checks of untrusted messages (the webview's, the host's, the pages' wire form): one copy of each. */

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** A whole number of zero or more: a count, an index, a length. */
export const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
