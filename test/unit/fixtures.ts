// Paths of the CSV fixtures, from the compiled tests in out/test/unit.
import * as path from 'node:path';

export const FIXTURES_DIR = path.resolve(__dirname, '../../../test/fixtures');

export function fixture(name: string): string {
  return path.join(FIXTURES_DIR, name);
}
