/**
 * package.json hygiene: what the manifest promises and what the code does agree. Contributed commands are exactly
 * the registered ones (ids from one module), when-clauses name context values the tree sets, every %key% has an
 * English string, and every command and setting follows the conventions (category, icon, markdownDescription).
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { COMMANDS } from '../../src/commandIds';

const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;

function sources(dir: string): string {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => readFileSync(path.join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}
const src = sources(path.join(root, 'src'));

describe('package.json hygiene', () => {
  const contributed: string[] = manifest.contributes.commands.map((c: { command: string }) => c.command);

  it('contributes exactly the commands in src/commandIds.ts, each registered once', () => {
    assert.deepEqual([...contributed].sort(), Object.values(COMMANDS).sort());
    for (const [name, id] of Object.entries(COMMANDS)) {
      const registrations = src.match(new RegExp(`registerCommand\\(\\s*COMMANDS\\.${name}\\b`, 'g')) ?? [];
      assert.equal(registrations.length, 1, `${id} is registered ${registrations.length} times`);
    }
    assert.doesNotMatch(src.replace(/^.*commandIds.*$/gm, ''), /registerCommand\(\s*'/, 'ids come from COMMANDS');
  });

  it('names in menus only contributed commands, and only context values the tree sets', () => {
    const contextValues = new Set([...src.matchAll(/contextValue = '([^']+)'/g)].map((m) => m[1]));
    assert.ok(contextValues.size > 0);
    for (const [menu, items] of Object.entries(
      manifest.contributes.menus as Record<string, { command: string; when?: string }[]>,
    )) {
      for (const item of items) {
        assert.ok(contributed.includes(item.command), `${menu}: ${item.command} is not contributed`);
        for (const m of (item.when ?? '').matchAll(/viewItem == (\w+)/g)) {
          assert.ok(contextValues.has(m[1]), `${menu}: viewItem == ${m[1]} is never set by the tree`);
        }
      }
    }
  });

  it('has an English string for every %key%, and no unused one', () => {
    const used = new Set([...JSON.stringify(manifest).matchAll(/%([\w.]+)%/g)].map((m) => m[1]));
    for (const key of used) assert.ok(key in nls, `package.nls.json lacks ${key}`);
    for (const key of Object.keys(nls)) assert.ok(used.has(key), `package.nls.json has unused ${key}`);
  });

  it('gives every command a category and an icon, and every setting a markdownDescription', () => {
    for (const c of manifest.contributes.commands) {
      assert.equal(c.category, 'Langdock', c.command);
      assert.match(c.icon ?? '', /^\$\([\w-]+\)$/, `${c.command} has a codicon`);
    }
    for (const [key, setting] of Object.entries(
      manifest.contributes.configuration.properties as Record<string, object>,
    )) {
      assert.ok('markdownDescription' in setting, `${key} has a markdownDescription`);
    }
  });

  it('activates implicitly: no activation event that VS Code derives from contributions', () => {
    for (const event of manifest.activationEvents ?? []) {
      assert.doesNotMatch(event, /^onCommand:|^onView:|^onCustomEditor:/, event);
    }
  });
});
