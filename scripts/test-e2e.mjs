// Runs test/e2e: the packaged .vsix installed into a real VS Code (code-server), the sandbox API on loopback,
// and mocha driving Chromium through the workbench as a person would. Screenshots go to .test-work/e2e/.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureTools, root } from './lib/tools.mjs';
import { installExtension, startCodeServer } from './lib/codeServer.mjs';
import { buildAll } from './lib/build.mjs';
import { prepareWorkDir, startSandbox } from './lib/stack.mjs';
import { captureOutput, EXTENSION_LOG, scanForKeys } from './lib/leakScan.mjs';
import { packageVsix } from './package.mjs';

const output = captureOutput();

ensureTools();
if (!process.argv.includes('--no-build')) buildAll();
const vsix = packageVsix();

const { workDir, workspace } = prepareWorkDir('e2e');
await installExtension(workDir, vsix);

const sandbox = await startSandbox({ seed: 11 });
const server = await startCodeServer({
  workDir,
  folder: workspace,
  settings: {
    'langdock.baseUrl': sandbox.apiUrl,
    'langdock.defaultTimezone': 'Europe/Berlin',
    'workbench.colorTheme': 'Default Dark Modern',
  },
});

let code = 1;
try {
  code = await new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        path.join(root, 'node_modules/mocha/bin/mocha.js'),
        '--no-config',
        '--reporter',
        './test/support/mochaReporter.js',
        '--timeout',
        '180000',
        'out/test/e2e/**/*.test.js',
      ],
      {
        cwd: root,
        // Piped through this process so the leak scan reads what mocha printed.
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          LANGDOCK_E2E_URL: server.url,
          LANGDOCK_E2E_WORKSPACE: workspace,
          LANGDOCK_E2E_SETTINGS: path.join(server.dirs.userData, 'User/settings.json'),
          LANGDOCK_E2E_SCREENSHOTS: path.join(workDir, 'screenshots'),
          LANGDOCK_SANDBOX_URL: sandbox.apiUrl,
          LANGDOCK_SANDBOX_KEYS: JSON.stringify(sandbox.keys),
        },
      },
    );
    child.stdout.on('data', (chunk) => process.stdout.write(chunk));
    child.stderr.on('data', (chunk) => process.stderr.write(chunk));
    child.on('close', resolve);
  });
} finally {
  await server.stop();
  await sandbox.close();
}
// The keys must be nowhere in what the run printed or left on disk; a leak fails the run.
if (scanForKeys({ keys: sandbox.keys, roots: [workDir], output: output(), log: EXTENSION_LOG }) > 0) code ||= 1;
process.exit(code);
