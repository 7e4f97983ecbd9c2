// Builds the production bundles and packages them into langdock-usage-<version>.vsix (no sources, tests or
// sandbox: .vscodeignore lets only dist/, media/, l10n/ and the manifest files in). Prints the .vsix path.
import { execFileSync, execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './lib/tools.mjs';

export function packageVsix() {
  const { name, version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const vsix = path.join(root, `${name}-${version}.vsix`);
  execSync('npm run --silent build', { cwd: root, stdio: 'inherit' });
  execFileSync(path.join(root, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--out', vsix], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return vsix;
}

if (process.argv[1] === import.meta.filename) process.stdout.write(`${packageVsix()}\n`);
