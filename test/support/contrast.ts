/**
 * WCAG text contrast, measured in the page: for every visible element that holds text, the ratio between its colour
 * and the background it is drawn on (translucent layers composed over their ancestors). A check a screenshot cannot
 * fail on its own; the theme tests and the e2e screenshots assert the minimum is at least 4.5:1.
 */

export interface ContrastReport {
  /** The lowest ratio found, e.g. 4.62. */
  min: number;
  /** Where it was found: the element's class and text, for the failure message. */
  worst: string;
  /** How many text elements were measured. */
  measured: number;
}

/** Runs in the browser (`page.evaluate(measureTextContrast, selector)`): it must not close over anything. */
export function measureTextContrast(rootSelector: string): ContrastReport {
  type Rgba = [number, number, number, number];
  const parse = (text: string): Rgba => {
    const n = (text.match(/[\d.]+/g) ?? []).map(Number);
    return [n[0] ?? 0, n[1] ?? 0, n[2] ?? 0, n[3] ?? 1];
  };
  const over = (top: Rgba, bottom: Rgba): Rgba => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat(1) as Rgba;
  };
  const background = (element: Element): Rgba => {
    const layers: Rgba[] = [];
    for (let e: Element | null = element; e; e = e.parentElement) {
      const colour = parse(getComputedStyle(e).backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] >= 1) break;
    }
    // Below everything the page is white, as a browser draws it.
    return layers.reduceRight<Rgba>((below, layer) => over(layer, below), [255, 255, 255, 1]);
  };
  const luminance = ([r, g, b]: Rgba): number => {
    const channel = (v: number) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const report: ContrastReport = { min: Infinity, worst: '', measured: 0 };
  const root = document.querySelector(rootSelector);
  if (!root) return report;
  for (const element of root.querySelectorAll('*')) {
    const ownText = [...element.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim());
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    if (!ownText || box.width === 0 || box.height === 0 || style.visibility === 'hidden' || style.opacity === '0')
      continue;
    const bg = background(element);
    const fg = over(parse(style.color), bg);
    const [l1, l2] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    report.measured++;
    if (ratio < report.min) {
      report.min = ratio;
      report.worst = `${element.tagName.toLowerCase()}.${element.className} "${element.textContent?.trim().slice(0, 40)}"`;
    }
  }
  return report;
}
