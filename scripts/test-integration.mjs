// Runs test/integration inside a real VS Code extension host: the sandbox API on loopback, code-server with the
// smoke-test driver, and Chromium opening the workbench with the extensionDevelopmentPath/extensionTestsPath
// payload. The host's console (mocha's output) is printed here; the exit code is the suite's.
import { createRequire } from 'node:module';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { ensureTools, root } from './lib/tools.mjs';
import { startCodeServer } from './lib/codeServer.mjs';
import { buildAll } from './lib/build.mjs';
import { prepareWorkDir, startSandbox } from './lib/stack.mjs';
import { captureOutput, EXTENSION_LOG, scanForKeys } from './lib/leakScan.mjs';
import { plantLeftovers } from './lib/leftovers.mjs';
import { makeTestCertificates } from './lib/testCerts.mjs';

const require = createRequire(import.meta.url);
const output = captureOutput();

ensureTools();
if (!process.argv.includes('--no-build')) buildAll();

const { workDir, workspace } = prepareWorkDir('integration');
const sandbox = await startSandbox({ seed: 7 });
process.env.LANGDOCK_SANDBOX_URL = sandbox.apiUrl;
process.env.LANGDOCK_SANDBOX_DOWNLOAD_ORIGIN = sandbox.downloadOrigin;
process.env.LANGDOCK_SANDBOX_KEYS = JSON.stringify(sandbox.keys);
// Corporate networks (test/integration/proxiesAndCertificates.test.ts): HTTPS sandboxes on other loopback
// addresses (proxy support, VS Code's and ours, skips 127.0.0.1), certificates from a company CA the run trusts and
// from one it does not, and a forward proxy whose log and tunnel bytes stay in the work folder for the leak scan.
const certs = makeTestCertificates(path.join(workDir, 'certs'), {
  corpApi: { ip: '127.0.0.2', trusted: true },
  corpDownload: { ip: '127.0.0.2', trusted: true },
  rogueApi: { ip: '127.0.0.3', trusted: false },
  rogueApiDownload: { ip: '127.0.0.3', trusted: true },
  rogueDownloadApi: { ip: '127.0.0.4', trusted: true },
  rogueDownload: { ip: '127.0.0.4', trusted: false },
});
const id = certs.identities;
const corpSandboxes = {
  corp: await startSandbox({ seed: 7, host: '127.0.0.2', tls: { api: id.corpApi, download: id.corpDownload } }),
  rogueApi: await startSandbox({
    seed: 7,
    host: '127.0.0.3',
    tls: { api: id.rogueApi, download: id.rogueApiDownload },
  }),
  rogueDownload: await startSandbox({
    seed: 7,
    host: '127.0.0.4',
    tls: { api: id.rogueDownloadApi, download: id.rogueDownload },
  }),
};
const proxyLogFile = path.join(workDir, 'proxy.log');
const proxyCaptureFile = path.join(workDir, 'proxy-tunnels.bin');
const proxy = await require(path.join(root, 'out/test/proxy/proxy.js')).startProxy({
  logFile: proxyLogFile,
  captureFile: proxyCaptureFile,
});
const describe = ({ apiUrl, downloadOrigin, controlUrl }) => ({ apiUrl, downloadOrigin, controlUrl });
process.env.LANGDOCK_CORP = JSON.stringify({
  ...Object.fromEntries(Object.entries(corpSandboxes).map(([name, s]) => [name, describe(s)])),
  proxyUrl: proxy.url,
});
// How a VS Code user trusts a company CA: the extension host inherits it from code-server.
process.env.NODE_EXTRA_CA_CERTS = certs.caFile;
const storeRoot = path.join(workDir, 'user-data/User/globalStorage/usage-tools.langdock-usage');
// Phase one kills its extension host mid-download and notes what it left here (test/integration/crash/).
const crashFile = path.join(workDir, 'crash.json');
process.env.LANGDOCK_CRASH_FILE = crashFile;
// What else a crash leaves, planted between the two phases (test/integration/crashLeftovers.test.ts).
const leftoversFile = path.join(workDir, 'leftovers.json');
process.env.LANGDOCK_LEFTOVERS_FILE = leftoversFile;
// Everything every suite needs is set up above: a suite that skips in this run fails (test/support/skip.ts).
process.env.LANGDOCK_EXPECT_ALL = '1';

const server = await startCodeServer({
  workDir,
  folder: workspace,
  smokeTestDriver: true,
  settings: { 'langdock.baseUrl': sandbox.apiUrl, 'langdock.defaultTimezone': 'Europe/Berlin' },
});
const { launchChromium } = require(path.join(root, 'out/test/support/chromium.js'));
const browser = await launchChromium();

/**
 * Opens a workbench window that runs `testsPath` in its extension host, prints the host's console, and resolves
 * with the exit code the suite reports, or with what `until` resolves first.
 */
async function runInWindow(testsPath, until) {
  const page = await browser.newPage();
  try {
    const finished = new Promise((resolve) => {
      page.exposeFunction('codeAutomationExit', (code) => resolve(code));
    });
    // The workbench forwards every console call here; mocha's spec reporter uses printf-style arguments.
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      const lines = text.split('\n').filter((l) => !/^\s+at /.test(l));
      if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
    });
    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(root)],
      ['extensionTestsPath', remote(testsPath)],
    ]);
    const rendererProfile = await profileRenderer(page);
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), 15 * 60_000));
    const result = await Promise.race([finished, timeout, ...(until ? [until()] : [])]);
    await rendererProfile();
    return result;
  } finally {
    await page.close();
  }
}

/**
 * With LANGDOCK_BENCH_PROFILE_DIR, a CPU profile of the workbench's renderer (code-server runs the webviews in the
 * same process) while the suite runs: the returned function writes it to renderer.cpuprofile there.
 */
async function profileRenderer(page) {
  const dir = process.env.LANGDOCK_BENCH_PROFILE_DIR;
  if (!dir) return () => undefined;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(path.join(dir, 'renderer.cpuprofile'), JSON.stringify(profile));
  };
}

/** Resolves once phase one has noted its partial download and its extension host is gone. */
async function hostKilled() {
  for (;;) {
    if (existsSync(crashFile)) {
      const { pid } = JSON.parse(readFileSync(crashFile, 'utf8'));
      try {
        process.kill(pid, 0);
      } catch {
        return 'killed';
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

let exitCode = 1;
try {
  if (process.env.LANGDOCK_BENCH) {
    // The bench's figures need no crash phase before them.
    const result = await runInWindow(path.join(root, 'out/test/integration/index.js'));
    exitCode = result === 'timeout' ? 1 : Number(result);
  } else {
    // The workbench may report the dead host as an exit before the poll sees it: the notes decide.
    await runInWindow(path.join(root, 'out/test/integration/crash/killDuringDownload.js'), hostKilled);
    const crash = await Promise.race([
      hostKilled(),
      new Promise((resolve) => setTimeout(() => resolve('alive'), 10_000)),
    ]);
    const left = existsSync(crashFile) && JSON.parse(readFileSync(crashFile, 'utf8'));
    if (crash !== 'killed' || !existsSync(left.partial)) {
      process.stdout.write(
        `crash phase: the extension host was not killed mid-download (${crash})\n0 passed, 1 failed\n`,
      );
    } else {
      process.stdout.write(`crash phase: extension host ${left.pid} killed with ${left.partial} half-written\n`);
      writeFileSync(leftoversFile, JSON.stringify(plantLeftovers(storeRoot)));
      const result = await runInWindow(path.join(root, 'out/test/integration/index.js'));
      if (result === 'timeout') process.stdout.write('integration suite timed out\n0 passed, 1 failed\n');
      else exitCode = Number(result);
    }
  }
} finally {
  await browser.close();
  await server.stop();
  await sandbox.close();
  await Promise.all([...Object.values(corpSandboxes).map((s) => s.close()), proxy.close()]);
}
// The keys must be nowhere in what the run printed or left on disk; a leak fails the run.
// The proxy's log and the bytes clients sent into its tunnels must be among the files read (a run narrowed with
// LANGDOCK_TEST_GREP may not use the proxy at all).
const mustRead = process.env.LANGDOCK_TEST_GREP || process.env.LANGDOCK_BENCH ? [] : [proxyLogFile, proxyCaptureFile];
if (scanForKeys({ keys: sandbox.keys, roots: [workDir], output: output(), log: EXTENSION_LOG, mustRead }) > 0)
  exitCode ||= 1;
process.exit(exitCode);
