/**
 * The trend chart's series colours: 8 that a reader tells apart, plus the neutral "Other", in any theme. The
 * theme's --vscode-charts-* colours come first, then its terminal colours; a candidate too close to one already
 * taken (or to "Other") is skipped, so Light Modern's orange and yellow (ΔE 6) are never both used. Distance is
 * CIE76 ΔE in CIELAB, on colours as drawn (composited over the editor background).
 */

export type Rgb = readonly [number, number, number];

/**
 * Colours closer than this read as the same series next to each other.
 * @internal exported for the colour test
 */
export const MIN_DISTANCE = 20;
const SERIES_COUNT = 8;

/** CSS variable names (without --vscode-), best first. */
export const CANDIDATES = [
  'charts-blue',
  'charts-orange',
  'charts-green',
  'charts-purple',
  'charts-red',
  'charts-yellow',
  'terminal-ansiCyan',
  'terminal-ansiMagenta',
  'terminal-ansiBrightGreen',
  'terminal-ansiBrightBlue',
  'terminal-ansiBrightYellow',
  'terminal-ansiBrightRed',
];

function linear(channel: number): number {
  const c = channel / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** sRGB (0–255) to CIELAB under D65. */
function toLab([r, g, b]: Rgb): Rgb {
  const [R, G, B] = [linear(r), linear(g), linear(b)];
  const x = (0.4124 * R + 0.3576 * G + 0.1805 * B) / 0.95047;
  const y = 0.2126 * R + 0.7152 * G + 0.0722 * B;
  const z = (0.0193 * R + 0.1192 * G + 0.9505 * B) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

/**
 * CIE76 ΔE between two colours.
 * @internal exported for the colour test
 */
export function colourDistance(a: Rgb, b: Rgb): number {
  const [l1, a1, b1] = toLab(a);
  const [l2, a2, b2] = toLab(b);
  return Math.hypot(l1 - l2, a1 - a2, b1 - b2);
}

/**
 * Up to `SERIES_COUNT` of the candidates (as drawn) that are at least `MIN_DISTANCE` from each other and from
 * `other`, in order; a shortfall (a theme with few distinct colours) is filled with the taken ones mixed halfway
 * towards `background`, checked the same way.
 */
export function pickDistinct(candidates: readonly (Rgb | undefined)[], other: Rgb, background: Rgb): Rgb[] {
  const taken: Rgb[] = [];
  // Apart from "Other", from each other, and from the background the bars stand on.
  const fits = (rgb: Rgb) => [other, background, ...taken].every((t) => colourDistance(rgb, t) >= MIN_DISTANCE);
  for (const rgb of candidates) if (rgb && taken.length < SERIES_COUNT && fits(rgb)) taken.push(rgb);
  for (const rgb of [...taken]) {
    const mixed: Rgb = [0, 1, 2].map((k) => Math.round((rgb[k] + background[k]) / 2)) as unknown as Rgb;
    if (taken.length < SERIES_COUNT && fits(mixed)) taken.push(mixed);
  }
  return taken;
}

/** A colour as a CSS `rgb()`. */
export const cssRgb = ([r, g, b]: Rgb): string => `rgb(${r}, ${g}, ${b})`;
