// What the integration, e2e and demo runs share: a work folder with a workspace of sample CSVs, and the sandbox
// API started in this process (from the compiled tests).
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { root } from './tools.mjs';

const require = createRequire(import.meta.url);

/**
 * `.test-work/<name>` with `workspace/<fixturesAs>/` holding test/fixtures. `fresh` removes what an earlier run
 * left (the demo keeps it, so a person's exports survive a restart).
 */
export function prepareWorkDir(name, { fresh = true, fixturesAs = 'fixtures' } = {}) {
  const workDir = path.join(root, '.test-work', name);
  if (fresh) rmSync(workDir, { recursive: true, force: true });
  const workspace = path.join(workDir, 'workspace');
  mkdirSync(workspace, { recursive: true });
  cpSync(path.join(root, 'test/fixtures'), path.join(workspace, fixturesAs), { recursive: true });
  return { workDir, workspace };
}

/** The Langdock sandbox on loopback (test/sandbox/server.ts, compiled by buildAll). */
export function startSandbox(options) {
  return require(path.join(root, 'out/test/sandbox/server.js')).startSandbox(options);
}
