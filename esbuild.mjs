// Builds the bundles: the extension host (node, cjs, `vscode` external), the table worker it starts for parsing
// (node, cjs), the same reader for small files it requires on demand (node, cjs), the price list it requires on demand (node, cjs: half a megabyte of price data kept out of
// activation), the table's webview and the trend view's webview (browser, iife; only the trend bundle carries
// Chart.js).
// Codicons are copied next to the webview bundle so the webview loads them from dist/ only.
// Reports: dist/report.js (required by the extension on the first Save Report) and the command line dist/cli.js
// share the core; exceljs is a chunk of its own (dist/exceljs.js, a megabyte) that both require only when a
// workbook is written.
import * as esbuild from 'esbuild';
import { chmodSync, cpSync, mkdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = !watch;

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'info',
  legalComments: 'none',
};

/** `exceljs` resolves to the chunk next to the requiring bundle. */
const exceljsChunk = {
  name: 'exceljs-chunk',
  setup(build) {
    build.onResolve({ filter: /^exceljs$/ }, () => ({ path: './exceljs.js', external: true }));
  },
};

const contexts = await Promise.all([
  esbuild.context({
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    external: ['vscode'],
    metafile: true,
  }),
  esbuild.context({
    ...common,
    entryPoints: ['src/core/table/worker/tableWorker.ts'],
    outfile: 'dist/tableWorker.js',
    platform: 'node',
    target: 'node18',
    format: 'cjs',
  }),
  esbuild.context({
    ...common,
    entryPoints: ['src/core/table/heldTable.ts'],
    outfile: 'dist/tableReader.js',
    platform: 'node',
    target: 'node18',
    format: 'cjs',
  }),
  esbuild.context({
    ...common,
    entryPoints: ['src/core/pricing/listPrices.ts'],
    outfile: 'dist/prices.js',
    platform: 'node',
    target: 'node18',
    format: 'cjs',
  }),
  esbuild.context({
    ...common,
    entryPoints: ['src/core/report/reportWorker.ts'],
    outfile: 'dist/report.js',
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    plugins: [exceljsChunk],
    // import('exceljs') becomes a require of the chunk, whose named exports a real import() could not see.
    supported: { 'dynamic-import': false },
  }),
  esbuild.context({
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [exceljsChunk],
    // import('exceljs') becomes a require of the chunk, whose named exports a real import() could not see.
    supported: { 'dynamic-import': false },
  }),
  esbuild.context({
    ...common,
    stdin: { contents: "module.exports = require('exceljs');", resolveDir: '.', loader: 'js' },
    outfile: 'dist/exceljs.js',
    platform: 'node',
    target: 'node18',
    format: 'cjs',
  }),
  esbuild.context({
    ...common,
    entryPoints: ['src/webview/table/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    target: 'chrome114',
    format: 'iife',
  }),
  esbuild.context({
    ...common,
    entryPoints: ['src/webview/trend/main.ts'],
    outfile: 'dist/trend.js',
    platform: 'browser',
    target: 'chrome114',
    format: 'iife',
  }),
]);

mkdirSync('dist/codicons', { recursive: true });
for (const file of ['codicon.css', 'codicon.ttf']) {
  cpSync(`node_modules/@vscode/codicons/dist/${file}`, `dist/codicons/${file}`);
}

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  chmodSync('dist/cli.js', 0o755);
}
