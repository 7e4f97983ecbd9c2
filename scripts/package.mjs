// Builds the production bundles and packages them into langdock-usage-<version>.vsix (no sources, tests or
// sandbox: .vscodeignore lets only dist/, media/, l10n/ and the manifest files in). Prints the .vsix path.
import { execFileSync, execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './lib/tools.mjs';

export function packageVsix() {
  const { name, version, repository } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const vsix = path.join(root, `${name}-${version}.vsix`);
  // README images live in the repository, not in the .vsix: the marketplace page loads them from there.
  const base = `${repository.url.replace(/\.git$/, '')}/raw/main/`;
  execSync('npm run --silent build', { cwd: root, stdio: 'inherit' });
  const args = ['package', '--no-dependencies', '--out', vsix, '--baseContentUrl', base, '--baseImagesUrl', base];
  execFileSync(path.join(root, 'node_modules/.bin/vsce'), args, {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return vsix;
}

if (process.argv[1] === import.meta.filename) process.stdout.write(`${packageVsix()}\n`);
