/**
 * Jest's order of test files, with the files that take minutes first. Two workers share the run; a
 * worker that picks up a five-minute file last keeps the run waiting while the other sits idle. Jest
 * puts the slowest first by itself only where it has timings from an earlier run, and CI's clean
 * clone has none (without them, Jest sorts by file size, and these files are short: they import their
 * parts). The list is the suite-numbers reporter's "slowest" of the e2e project, longest first.
 * Plain JavaScript: Jest loads its sequencer without transforming it.
 */
const Sequencer = require("@jest/test-sequencer").default;

const SLOW_FILES = [
  "__tests__/e2e/account-deployment.test.ts",
  "__tests__/e2e/organization-on-emulator.test.ts",
  "__tests__/e2e/burst-on-emulator.test.ts",
  "__tests__/e2e/operator-commands.test.ts",
];

/**
 * The tests with the files of `slowFiles` first, in that list's order; every other file after them,
 * in the order it came.
 * @template {{ path: string }} T
 * @param {readonly T[]} tests
 * @param {readonly string[]} slowFiles paths relative to the project root, with `/`
 * @returns {T[]}
 */
function slowFirst(tests, slowFiles) {
  const rank = (test) => {
    const index = slowFiles.findIndex((file) => test.path.split("\\").join("/").endsWith(`/${file}`));
    return index === -1 ? slowFiles.length : index;
  };
  // Array.prototype.sort is stable: files of one rank keep Jest's own order.
  return [...tests].sort((a, b) => rank(a) - rank(b));
}

class SlowFirstSequencer extends Sequencer {
  async sort(tests) {
    return slowFirst(await super.sort(tests), SLOW_FILES);
  }
}

module.exports = SlowFirstSequencer;
module.exports.slowFirst = slowFirst;
module.exports.SLOW_FILES = SLOW_FILES;
