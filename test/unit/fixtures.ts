// Paths of the CSV fixtures, from the compiled tests in out/test/unit.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const FIXTURES_DIR = path.resolve(__dirname, '../../../test/fixtures');

export function fixture(name: string): string {
  return path.join(FIXTURES_DIR, name);
}

/**
 * A temp folder for the calling `describe` (made before its tests, removed after them) and `write`, which puts a
 * file there and returns its path.
 */
export function scratchFolder(prefix: string): { write: (name: string, content: string | Buffer) => Promise<string> } {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), prefix));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return {
    write: async (name, content) => {
      const file = path.join(dir, name);
      await writeFile(file, content);
      return file;
    },
  };
}
