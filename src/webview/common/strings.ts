/** UI text: the host's localized strings keyed by English text, falling back to the English key. */
import type { WebviewString } from '../../shared/protocol';
import { fillTemplate } from '../../shared/template';

export type Translate = (key: WebviewString, ...args: string[]) => string;

export function makeTranslate(strings: Record<string, string>): Translate {
  return (key, ...args) => {
    const localized = Object.prototype.hasOwnProperty.call(strings, key) ? strings[key] : undefined;
    const template = typeof localized === 'string' ? localized : key;
    return fillTemplate(template, args);
  };
}
