/**
 * How wide a header cell must be for its label to read whole. Measured in the header's own font: an estimate per
 * character cut bold German labels ("Aktive Benut…"). A long label may take two lines, split where the wider line
 * is narrowest, so a grouped view's "Messages per active user" does not push the table past the window.
 */

/** Padding, the gap and the sort arrow beside the label. */
const SORT_ROOM = 36;
/** A label wider than this (px) may wrap onto a second line. */
const ONE_LINE_MAX = 140;
/** No header is wider than this (px) for its label: a longer one ends in an ellipsis, whole in its tooltip. */
const LABEL_MAX = 320;
/** Labels up to this many characters are tried on two lines (a CSV may name a column with anything). */
const SPLIT_MAX_CHARS = 100;
/** Per character, where no font can be measured (a page not laid out yet). */
const CHAR_ESTIMATE = 7.5;

export type Measure = (text: string) => number;

/** Measures text in `font` (a CSS font shorthand); the estimate per character when the font is unknown. */
export function textMeasure(font: string): Measure {
  const context = font ? document.createElement('canvas').getContext('2d') : null;
  if (!context) return (text) => text.length * CHAR_ESTIMATE;
  context.font = font;
  return (text) => context.measureText(text).width;
}

/** The width (px) the header cell of `label` needs: one line, or the narrower of two where it is long. */
export function headerWidth(label: string, measure: Measure): number {
  const oneLine = measure(label.slice(0, SPLIT_MAX_CHARS));
  let best = oneLine;
  if (oneLine > ONE_LINE_MAX && label.length <= SPLIT_MAX_CHARS) {
    const words = label.split(' ');
    for (let k = 1; k < words.length; k++)
      best = Math.min(best, Math.max(measure(words.slice(0, k).join(' ')), measure(words.slice(k).join(' '))));
  }
  return Math.ceil(Math.min(best, LABEL_MAX) + SORT_ROOM);
}
