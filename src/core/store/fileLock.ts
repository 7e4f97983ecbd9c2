/**
 * A lock shared by every VS Code window on this machine: a file created with O_EXCL in a folder they share. A lock
 * older than `staleMs` is taken over (its window crashed or was killed mid-request).
 */
import { promises as fs } from 'fs';
import * as path from 'path';

export type Release = () => Promise<void>;

/** The lock's release, or undefined when another holder has it. */
export async function tryLock(
  file: string,
  staleMs: number,
  now: () => number = Date.now,
): Promise<Release | undefined> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await fs.open(file, 'wx');
      await handle.writeFile(JSON.stringify({ pid: process.pid, at: new Date(now()).toISOString() }));
      await handle.close();
      return () => fs.rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const stat = await fs.stat(file).catch(() => undefined);
      // Gone meanwhile: try again. Fresh: someone holds it.
      if (stat && now() - stat.mtimeMs < staleMs) return undefined;
      await fs.rm(file, { force: true });
    }
  }
  return undefined;
}
