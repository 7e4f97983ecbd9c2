/**
 * German and English, kept complete: every string the extension localizes is in l10n/bundle.l10n.json (the
 * `vscode.l10n.t` calls @vscode/l10n-dev finds, the webview's WEBVIEW_STRINGS and the core's `problem(…)`
 * templates), and l10n/bundle.l10n.de.json and package.nls.de.json translate every one of them with the same
 * placeholders. A German text equal to its English one must be on the allow-list (names, codes).
 * `npm run l10n` rewrites bundle.l10n.json from the sources (this test with LANGDOCK_UPDATE_L10N=1).
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';
import { WEBVIEW_STRINGS } from '../../src/shared/protocol';

const root = path.resolve(__dirname, '../../..');
const read = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, string>;
/** Texts that are the same in German: product names, codes, units. */
const SAME_IN_GERMAN = new Set([
  'Langdock API Key',
  'Langdock Usage',
  'Langdock',
  'Name',
  'BYOK',
  'Agent',
  'Deployment',
  'Link',
  'Workspace',
  'Δ {0}',
  'Δ% {0}',
  'Status',
  'Export {0}',
  'API host',
  'n/a',
  'Total',
  'Tokens',
  '{0}: Timezone',
  '{0} ({1})',
  '{0} ({1}, {2})',
  '{0}: {1} ({2})',
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

async function englishStrings(): Promise<string[]> {
  const files = sourceFiles(path.join(root, 'src'));
  const found = await getL10nJson(files.map((file) => ({ extension: '.ts', contents: readFileSync(file, 'utf8') })));
  // The core's English texts the host translates: templates, column labels and descriptions.
  const core = files
    .filter((file) => file.includes(`${path.sep}core${path.sep}`))
    .flatMap((file) => [...readFileSync(file, 'utf8').matchAll(CORE_TEXT)].map((m) => m[2] ?? m[3]));
  const keys = [...Object.keys(found), ...WEBVIEW_STRINGS, ...core];
  return [...new Set(keys)].sort();
}

/** `problem('…')`, `t('…')` (a translator passed in by the host), `label: '…'`, `description: '…'`, `emptyGroup: '…'` in src/core. */
const CORE_TEXT =
  /\b(problem\(\s*|t\(\s*|label: |description: |emptyGroup: )(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/g;

const placeholders = (text: string) => [...text.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();

describe('German and English', () => {
  let english: string[];
  before(async () => {
    english = await englishStrings();
    if (process.env.LANGDOCK_UPDATE_L10N) {
      const bundle = Object.fromEntries(english.map((s) => [s, s]));
      writeFileSync(path.join(root, 'l10n/bundle.l10n.json'), JSON.stringify(bundle, null, 2) + '\n');
    }
  });

  it('l10n/bundle.l10n.json lists exactly the strings the sources localize (npm run l10n updates it)', () => {
    assert.deepEqual(Object.keys(read('l10n/bundle.l10n.json')).sort(), english);
  });

  it('translates every string into German with the same placeholders', () => {
    const german = read('l10n/bundle.l10n.de.json');
    const missing = english.filter((s) => !(s in german));
    assert.deepEqual(missing, [], `untranslated: ${missing.length}`);
    assert.deepEqual(
      Object.keys(german).filter((s) => !english.includes(s)),
      [],
      'no stale German strings',
    );
    for (const s of english) {
      assert.deepEqual(placeholders(german[s]), placeholders(s), `placeholders of "${s}"`);
      if (!SAME_IN_GERMAN.has(s)) assert.notEqual(german[s], s, `"${s}" is still English`);
    }
  });

  it('translates package.nls.json into package.nls.de.json', () => {
    const nls = read('package.nls.json');
    const german = read('package.nls.de.json');
    assert.deepEqual(Object.keys(german).sort(), Object.keys(nls).sort());
    for (const [key, text] of Object.entries(nls)) {
      if (!SAME_IN_GERMAN.has(text)) assert.notEqual(german[key], text, `${key} is still English`);
    }
  });
});
