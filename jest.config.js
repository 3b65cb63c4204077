/** Two Jest projects: `unit` (no emulator, no real Terraform: handler, infrastructure synth, tooling,
 * README; `npm run test:unit`, about a minute) and `e2e` (moto and the real `terraform` binary,
 * `__tests__/e2e/` and `__tests__/terraform/`). `npm test` runs both. ts-jest transpiles each file on
 * its own (tsconfig `isolatedModules`); type-checking is `npm run typecheck`, run once by `npm test`. */
const shared = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": "ts-jest" },
};

/** The folders whose tests start moto or run the real terraform binary. */
const E2E_FOLDERS = ["<rootDir>/__tests__/e2e/", "<rootDir>/__tests__/terraform/"];

module.exports = {
  projects: [
    { ...shared, displayName: "unit", roots: ["<rootDir>/__tests__"], testMatch: ["**/*.test.ts"], testPathIgnorePatterns: ["/node_modules/", ...E2E_FOLDERS] },
    { ...shared, displayName: "e2e", roots: E2E_FOLDERS, testMatch: ["**/*.test.ts"] },
  ],
  // Both cores: the slow files (Terraform on the emulator) spend most of their time in child processes.
  // A third worker was tried: the emulator, loaded by three files at once, answered too slowly for the
  // burst tests' short quiet periods.
  maxWorkers: 2,
  // Here, not in the projects: Jest reads testTimeout from the run's configuration only.
  testTimeout: 30000,
  // Every temporary folder of the run (cdktf's Testing apps leave one each) lives in one folder that is
  // removed at the end. Here, not in the projects: once for the run, whichever projects it selects.
  globalSetup: "<rootDir>/__tests__/setup/global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/setup/global-teardown.ts",
  // The files that take minutes start first, so that neither worker is left with one at the end.
  testSequencer: "<rootDir>/__tests__/setup/slow-first.js",
  // The suite's own numbers at the end of every run: per project, files, tests, seconds, slowest files.
  reporters: ["default", "<rootDir>/__tests__/setup/suite-numbers.js"],
};
