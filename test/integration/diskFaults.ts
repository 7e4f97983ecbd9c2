/**
 * Real disk failures under the export store, made with mounts: the tests run as root, so permission bits would
 * not stop a write, but a full tmpfs (ENOSPC) and a read-only mount (EROFS) do. Mounting needs CAP_SYS_ADMIN;
 * `mountsAllowed()` tells the tests whether this machine gives it (they skip with that reason otherwise).
 */
import { execFileSync } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Puts the folder back as it was. */
export type Undo = () => Promise<void>;

function mount(...args: string[]): void {
  execFileSync('mount', args, { stdio: 'pipe' });
}

function unmount(dir: string): Undo {
  return () => {
    execFileSync('umount', [dir], { stdio: 'pipe' });
    return Promise.resolve();
  };
}

export async function mountsAllowed(): Promise<boolean> {
  const probe = await fs.mkdtemp(path.join(os.tmpdir(), 'langdock-mount-probe-'));
  try {
    mount('-t', 'tmpfs', '-o', 'size=4k', 'langdock-probe', probe);
    await unmount(probe)();
    return true;
  } catch {
    return false;
  } finally {
    await fs.rm(probe, { recursive: true, force: true });
  }
}

/** Mounts a one-page tmpfs over `dir` and fills it, so the next write there fails with ENOSPC. */
export async function fillUp(dir: string): Promise<Undo> {
  await fs.mkdir(dir, { recursive: true });
  mount('-t', 'tmpfs', '-o', 'size=4k', 'langdock-full', dir);
  try {
    await fs.writeFile(path.join(dir, 'filler'), Buffer.alloc(64 * 1024));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
  return unmount(dir);
}

/** Bind-mounts `dir` read-only onto itself: what is there stays readable in place, nothing can be written. */
export async function makeReadOnly(dir: string): Promise<Undo> {
  mount('--bind', dir, dir);
  try {
    mount('-o', 'remount,bind,ro', dir);
  } catch (error) {
    await unmount(dir)();
    throw error;
  }
  return unmount(dir);
}
