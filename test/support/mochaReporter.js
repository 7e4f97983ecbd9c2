// Mocha's spec reporter plus the closing line every test layer prints: "N passed, N failed".
const Mocha = require('mocha');

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats;
      const line = `${passes} passed, ${failures} failed` + (pending ? `, ${pending} skipped` : '');
      process.stdout.write(`\n${line}\n`);
    });
  }
}

module.exports = CountingReporter;
