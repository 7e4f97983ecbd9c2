// Runs test/integration inside a real VS Code extension host: the sandbox API on loopback, code-server with the
// smoke-test driver, and Chromium opening the workbench with the extensionDevelopmentPath/extensionTestsPath
// payload. The host's console (mocha's output) is printed here; the exit code is the suite's.
import { createRequire } from 'node:module';
import path from 'node:path';
import { format } from 'node:util';
import { ensureTools, root } from './lib/tools.mjs';
import { startCodeServer } from './lib/codeServer.mjs';
import { buildAll } from './lib/build.mjs';
import { prepareWorkDir, startSandbox } from './lib/stack.mjs';
import { captureOutput, EXTENSION_LOG, scanForKeys } from './lib/leakScan.mjs';
import { plantLeftovers } from './lib/leftovers.mjs';

const require = createRequire(import.meta.url);
const output = captureOutput();

ensureTools();
if (!process.argv.includes('--no-build')) buildAll();

const { workDir, workspace } = prepareWorkDir('integration');
const sandbox = await startSandbox({ seed: 7 });
process.env.LANGDOCK_SANDBOX_URL = sandbox.apiUrl;
process.env.LANGDOCK_SANDBOX_DOWNLOAD_ORIGIN = sandbox.downloadOrigin;
process.env.LANGDOCK_SANDBOX_KEYS = JSON.stringify(sandbox.keys);
// A crash's leftovers in the store before the extension first activates (test/integration/crashLeftovers.test.ts).
const storeRoot = path.join(workDir, 'user-data/User/globalStorage/usage-tools.langdock-usage');
process.env.LANGDOCK_LEFTOVERS = JSON.stringify(plantLeftovers(storeRoot));

const server = await startCodeServer({
  workDir,
  folder: workspace,
  smokeTestDriver: true,
  settings: { 'langdock.baseUrl': sandbox.apiUrl, 'langdock.defaultTimezone': 'Europe/Berlin' },
});
const { launchChromium } = require(path.join(root, 'out/test/support/chromium.js'));
const browser = await launchChromium();
let exitCode = 1;
try {
  const page = await browser.newPage();
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
    ['extensionTestsPath', remote(path.join(root, 'out/test/integration/index.js'))],
  ]);
  await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
  const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), 15 * 60_000));
  const result = await Promise.race([finished, timeout]);
  if (result === 'timeout') process.stdout.write('integration suite timed out\n0 passed, 1 failed\n');
  else exitCode = Number(result);
} finally {
  await browser.close();
  await server.stop();
  await sandbox.close();
}
// The keys must be nowhere in what the run printed or left on disk; a leak fails the run.
if (scanForKeys({ keys: sandbox.keys, roots: [workDir], output: output(), log: EXTENSION_LOG }) > 0) exitCode ||= 1;
process.exit(exitCode);
