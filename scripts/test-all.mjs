// The README's test command: installs the pinned tools when missing, builds once, then runs the linters (ESLint,
// the Prettier check, knip) and every test layer (unit, webview, integration, e2e), echoing each one's output, and
// ends with the sum of their "N passed, N failed" lines. Exits non-zero if any of them fails.
import { spawn } from 'node:child_process';
import { ensureTools, root } from './lib/tools.mjs';
import { buildAll } from './lib/build.mjs';

const layers = [
  ['lint', 'npm', ['run', '--silent', 'lint']],
  ['unit', 'node_modules/.bin/mocha', ['--config', '.mocharc.json']],
  [
    'webview',
    'node_modules/.bin/mocha',
    [
      '--no-config',
      '--reporter',
      './test/support/mochaReporter.js',
      '--timeout',
      '60000',
      'out/test/webview/**/*.test.js',
    ],
  ],
  ['integration', process.execPath, ['scripts/test-integration.mjs', '--no-build']],
  ['e2e', process.execPath, ['scripts/test-e2e.mjs', '--no-build']],
];

function runLayer(name, command, args) {
  process.stdout.write(`\n=== ${name} ===\n`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let last;
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop();
      for (const line of lines) {
        const match = /^(\d+) passed, (\d+) failed/.exec(line.trim());
        if (match) last = { passed: Number(match[1]), failed: Number(match[2]) };
      }
    });
    child.on('close', (code) => resolve({ name, code, counts: last }));
  });
}

ensureTools();
buildAll();
const results = [];
for (const [name, command, args] of layers) results.push(await runLayer(name, command, args));

let passed = 0;
let failed = 0;
process.stdout.write('\n=== summary ===\n');
for (const { name, code, counts } of results) {
  const layerFailed = counts ? counts.failed : 0;
  // A layer that crashed before reporting counts as one failure.
  const crashed = code !== 0 && layerFailed === 0 ? 1 : 0;
  passed += counts?.passed ?? 0;
  failed += layerFailed + crashed;
  process.stdout.write(
    `${name.padEnd(12)} ${counts ? `${counts.passed} passed, ${counts.failed} failed` : code === 0 ? 'clean' : 'no result'}${code !== 0 ? ` (exit ${code})` : ''}\n`,
  );
}
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 ? 1 : 0);
