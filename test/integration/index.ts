// Entry point loaded by the real VS Code extension host (extensionTestsPath): runs every *.test.js here with
// mocha and ends with the "N passed, N failed" line. A failing test rejects, which makes the host exit with 1.
// With LANGDOCK_BENCH set (`npm run bench`), it runs the *.bench.js files instead: figures, not tests.
import * as path from 'path';
import * as fs from 'fs';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  // The crash test first: it checks what this window's start cleaned, before any other test exports (an export
  // makes the store's temp folder again). The rest in name order.
  const first = (f: string) => (f.startsWith('crashLeftovers.') ? 0 : 1);
  const suffix = process.env.LANGDOCK_BENCH ? '.bench.js' : '.test.js';
  for (const file of fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith(suffix))
    .sort((a, b) => first(a) - first(b) || a.localeCompare(b))) {
    mocha.addFile(path.join(__dirname, file));
  }
  const grep = process.env.LANGDOCK_TEST_GREP;
  if (grep) {
    // A test runs when its title or its file's name matches (`usageTrend` runs usageTrend.test.ts).
    const pattern = new RegExp(grep);
    await mocha.loadFilesAsync();
    keepMatching(mocha.suite, pattern);
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes, pending } = runner.stats ?? { passes: 0, pending: 0 };
      console.log(`${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else if (passes === 0) reject(new Error(`No integration test ran${grep ? ` (LANGDOCK_TEST_GREP=${grep})` : ''}`));
      else resolve();
    });
  });
}

function keepMatching(suite: Mocha.Suite, pattern: RegExp): void {
  suite.tests = suite.tests.filter((t) => pattern.test(t.fullTitle()) || pattern.test(path.basename(t.file ?? '')));
  for (const child of suite.suites) keepMatching(child, pattern);
}
