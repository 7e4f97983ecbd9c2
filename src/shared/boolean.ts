/**
 * The one boolean grammar of both sides: `true`/`false` in any case (JavaScript, Python and SQL exports),
 * `1`/`0` and `yes`/`no` (spreadsheets). A column of only `1`/`0` is still read as numbers: numbers are tried first.
 */
export function parseBoolean(text: string): boolean | undefined {
  // Longer text is never a boolean; checking first keeps text cells from allocating a lower-case copy.
  if (text.length === 0 || text.length > 5) return undefined;
  switch (text.toLowerCase()) {
    case 'true':
    case '1':
    case 'yes':
      return true;
    case 'false':
    case '0':
    case 'no':
      return false;
    default:
      return undefined;
  }
}
