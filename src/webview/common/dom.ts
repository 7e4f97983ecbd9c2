/**
 * The one way this webview makes DOM: elements from fixed tag names, text only through textContent. Untrusted
 * strings never reach innerHTML or an attribute that can run or load anything.
 */

export interface ElementProps {
  className?: string;
  text?: string;
  /** Attribute names are our own constants; values may be untrusted (they are set as plain strings). */
  attrs?: Record<string, string>;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: ElementProps = {},
  children: Node[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  if (children.length > 0) node.append(...children);
  return node;
}

/** A codicon glyph, hidden from assistive technology (the control around it carries the label). */
export function icon(name: string): HTMLSpanElement {
  return el('span', { className: `codicon codicon-${name}`, attrs: { 'aria-hidden': 'true' } });
}

/**
 * Caps what one cell puts into the DOM: a 100 KB cell would only be clipped by the ellipsis anyway, and laying
 * out that much text on every scroll frame is what makes a table stutter.
 */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
