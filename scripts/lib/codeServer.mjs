// Starts a real VS Code (code-server on Node 24) on loopback with its own state, and stops it with its whole
// process group. Used by the integration and e2e layers and by the demo.
import { spawn, execFile } from 'node:child_process';
import { mkdirSync, writeFileSync, openSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { codeServerEntry, node24, node24Bin } from './tools.mjs';

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const baseSettings = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'workbench.startupEditor': 'none',
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  // A remote extension host scans for listening ports every few seconds (reading /proc, spawning processes): stalls
  // of 100-300 ms of its own that a desktop VS Code does not have and that would blur what the bench measures.
  'remote.autoForwardPorts': false,
  'window.commandCenter': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.commandCenter.enabled': false,
};

/** Isolated folders for one code-server: HOME, XDG dirs, TMPDIR, user data and extensions. */
export function makeStateDirs(workDir) {
  const dirs = {
    home: path.join(workDir, 'home'),
    userData: path.join(workDir, 'user-data'),
    extensions: path.join(workDir, 'extensions'),
    tmp: path.join(workDir, 'tmp'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  return dirs;
}

function env(dirs) {
  return {
    ...process.env,
    PATH: `${node24Bin}${path.delimiter}${process.env.PATH}`,
    HOME: dirs.home,
    XDG_CONFIG_HOME: path.join(dirs.home, '.config'),
    XDG_DATA_HOME: path.join(dirs.home, '.local/share'),
    XDG_CACHE_HOME: path.join(dirs.home, '.cache'),
    TMPDIR: dirs.tmp,
    // No marketplace: any gallery request would leave loopback. Port 9 (discard) refuses at once.
    EXTENSIONS_GALLERY: JSON.stringify({
      serviceUrl: 'http://127.0.0.1:9/gallery',
      itemUrl: 'http://127.0.0.1:9/item',
    }),
  };
}

function commonArgs(configFile, dirs) {
  return [
    codeServerEntry,
    '--config',
    configFile,
    '--user-data-dir',
    dirs.userData,
    '--extensions-dir',
    dirs.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
  ];
}

function writeConfig(workDir, port) {
  const configFile = path.join(workDir, 'config.yaml');
  writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  return configFile;
}

/** Installs a packaged extension into the given state folders. */
export async function installExtension(workDir, vsix) {
  const dirs = makeStateDirs(workDir);
  const configFile = writeConfig(workDir, 0);
  await promisify(execFile)(node24, [...commonArgs(configFile, dirs), '--install-extension', vsix, '--force'], {
    env: env(dirs),
  });
}

/**
 * Starts code-server and resolves when it answers /healthz.
 * @param {{workDir: string, folder: string, settings?: object, smokeTestDriver?: boolean, port?: number, locale?: string}} options
 */
export async function startCodeServer({ workDir, folder, settings = {}, smokeTestDriver = false, port, locale }) {
  const dirs = makeStateDirs(workDir);
  port ??= await freePort();
  const configFile = writeConfig(workDir, port);
  mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(
    path.join(dirs.userData, 'User/settings.json'),
    JSON.stringify({ ...baseSettings, ...settings }, null, 2),
  );
  const args = [...commonArgs(configFile, dirs), '--ignore-last-opened'];
  if (smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  // The display language extensions see as vscode.env.language (the workbench itself stays English without a
  // language pack).
  if (locale) args.push('--locale', locale);
  args.push(folder);
  const logFile = path.join(workDir, 'code-server.log');
  const out = openSync(logFile, 'a');
  const child = spawn(node24, args, { env: env(dirs), detached: true, stdio: ['ignore', out, out] });
  const url = `http://127.0.0.1:${port}`;
  let exited = false;
  child.once('exit', () => (exited = true));

  const stop = async () => {
    if (exited) return;
    const done = new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000);
    await done;
    clearTimeout(timer);
  };

  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`code-server exited during start; see ${logFile}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return { url, port, dirs, logFile, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`code-server did not answer /healthz within 60 s; see ${logFile}`);
}
