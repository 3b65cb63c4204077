/**
 * A Jest reporter that prints the suite's numbers at the end of a run (issue 22, item 8), per project:
 * files, tests, seconds, and the five slowest files. Plain JavaScript: Jest loads reporters without
 * transforming them. "Wall" is the project's first file start to its last file end (its files run
 * beside the other project's on the same workers); "in files" is the sum of its files' own times.
 */
const path = require("node:path");

/** How many of the slowest files each project lists. */
const SLOWEST = 5;

/**
 * The lines to print for a run's results.
 * @param {ReadonlyArray<{ displayName?: { name: string } | string, testFilePath: string, numPassingTests: number, numFailingTests: number, numPendingTests: number, numTodoTests: number, perfStats: { start: number, end: number } }>} results
 * @param {string} rootDir the project root, which file names are shown relative to
 * @returns {string[]}
 */
function suiteNumbers(results, rootDir) {
  /** @type {Map<string, typeof results[number][]>} */
  const byProject = new Map();
  for (const result of results) {
    const name = typeof result.displayName === "string" ? result.displayName : (result.displayName?.name ?? "(no project)");
    byProject.set(name, [...(byProject.get(name) ?? []), result]);
  }
  const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
  const lines = ["Suite numbers:"];
  for (const [name, files] of [...byProject].sort(([a], [b]) => a.localeCompare(b))) {
    const time = (file) => file.perfStats.end - file.perfStats.start;
    const tests = files.reduce((sum, file) => sum + file.numPassingTests + file.numFailingTests + file.numPendingTests + file.numTodoTests, 0);
    const wall = Math.max(...files.map((file) => file.perfStats.end)) - Math.min(...files.map((file) => file.perfStats.start));
    const inFiles = files.reduce((sum, file) => sum + time(file), 0);
    lines.push(`  ${name}: ${files.length} files, ${tests} tests, ${seconds(wall)} wall, ${seconds(inFiles)} in files; slowest:`);
    const slowest = [...files].sort((a, b) => time(b) - time(a)).slice(0, SLOWEST);
    for (const file of slowest) lines.push(`    ${seconds(time(file)).padStart(8)}  ${path.relative(rootDir, file.testFilePath)}`);
  }
  return lines;
}

class SuiteNumbersReporter {
  /** @param {{ rootDir: string }} globalConfig */
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  /** @param {unknown} _contexts @param {{ testResults: Parameters<typeof suiteNumbers>[0] }} aggregated */
  onRunComplete(_contexts, aggregated) {
    if (aggregated.testResults.length === 0) return;
    process.stderr.write(`\n${suiteNumbers(aggregated.testResults, this.rootDir).join("\n")}\n`);
  }
}

module.exports = SuiteNumbersReporter;
module.exports.suiteNumbers = suiteNumbers;
