// Builds the bundles and compiles the tests: what every test layer runs first.
import { execSync } from 'node:child_process';
import { root } from './tools.mjs';

export function buildAll() {
  execSync('npm run --silent build && npm run --silent compile-tests', { cwd: root, stdio: 'inherit' });
}
