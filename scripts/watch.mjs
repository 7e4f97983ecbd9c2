// `npm run watch`: esbuild rebuilds both bundles on change, and tsc type-checks the whole tree beside it (esbuild
// strips types without checking them). Ctrl-C stops both.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { root } from './lib/tools.mjs';

const bin = (name) => path.join(root, 'node_modules/.bin', name);
const children = [
  spawn(process.execPath, ['esbuild.mjs', '--watch'], { cwd: root, stdio: 'inherit' }),
  spawn(bin('tsc'), ['-p', '.', '--noEmit', '--watch', '--preserveWatchOutput'], { cwd: root, stdio: 'inherit' }),
];
const stop = () => children.forEach((child) => child.kill());
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', stop);
