// Runs test/e2e: the packaged .vsix installed into a real VS Code (code-server), the sandbox API on loopback,
// and mocha driving Chromium through the workbench as a person would. Two phases, each with its own VS Code: the
// main suite in English (test/e2e/*.test.ts), then the German suite (test/e2e/german/) with the display language
// set to German. Screenshots go to .test-work/e2e*/screenshots.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
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

/** Counts of every phase, for the closing line of the whole layer. */
const totals = { passed: 0, failed: 0 };

/**
 * A language pack that translates nothing: without one VS Code resolves its display language to English whatever
 * --locale says, and the real German pack cannot be fetched here. Packaged fresh into the phase's work folder.
 */
function germanLanguagePack(workDir) {
  const out = path.join(workDir, 'test-language-pack-de.vsix');
  execFileSync(path.join(root, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--out', out], {
    cwd: path.join(root, 'test/e2e/german/languagePack'),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return out;
}

/**
 * What VS Code writes when a language pack is installed from the UI (code-server's --install-extension does not):
 * user-data/languagepacks.json, which the server reads to resolve the display language.
 */
function registerLanguagePack(workDir) {
  const id = 'langdock-usage-tests.test-language-pack-de';
  const translations = path.join(workDir, 'extensions', `${id}-0.0.1`, 'translations/main.i18n.json');
  const packs = {
    de: {
      hash: 'langdock-usage-tests-de-0.0.1',
      extensions: [{ extensionIdentifier: { id }, version: '0.0.1' }],
      translations: { vscode: translations },
      label: 'Deutsch',
    },
  };
  mkdirSync(path.join(workDir, 'user-data'), { recursive: true });
  writeFileSync(path.join(workDir, 'user-data/languagepacks.json'), JSON.stringify(packs, null, 2));
}

/** One VS Code with the extension, one sandbox, one mocha run over `spec`; returns mocha's exit code. */
async function phase({ name, spec, locale }) {
  const { workDir, workspace } = prepareWorkDir(name);
  await installExtension(workDir, vsix);
  if (locale === 'de') {
    await installExtension(workDir, germanLanguagePack(workDir));
    registerLanguagePack(workDir);
  }
  const sandbox = await startSandbox({ seed: 11 });
  const server = await startCodeServer({
    workDir,
    folder: workspace,
    locale,
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
          spec,
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
      child.stdout.on('data', (chunk) => {
        process.stdout.write(chunk);
        for (const match of String(chunk).matchAll(/^(\d+) passed, (\d+) failed/gm)) {
          totals.passed += Number(match[1]);
          totals.failed += Number(match[2]);
        }
      });
      child.stderr.on('data', (chunk) => process.stderr.write(chunk));
      child.on('close', resolve);
    });
  } finally {
    await server.stop();
    await sandbox.close();
  }
  // The keys must be nowhere in what the run printed or left on disk; a leak fails the run.
  if (scanForKeys({ keys: sandbox.keys, roots: [workDir], output: output(), log: EXTENSION_LOG }) > 0) code ||= 1;
  return code;
}

const english = await phase({ name: 'e2e', spec: 'out/test/e2e/*.test.js' });
const german = await phase({ name: 'e2e-de', spec: 'out/test/e2e/german/*.test.js', locale: 'de' });
process.stdout.write(`\ne2e, English and German together:\n${totals.passed} passed, ${totals.failed} failed\n`);
process.exit(english || german);
