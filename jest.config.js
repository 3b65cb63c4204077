/** Unit, infrastructure and emulator tests. ts-jest transpiles each file on its own
 * (tsconfig `isolatedModules`); type-checking is `npm run typecheck`, run once by `npm test`. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": "ts-jest" },
  testTimeout: 30000,
  // Both cores: the slow files (Terraform on the emulator) spend most of their time in child processes.
  // A third worker was tried: the emulator, loaded by three files at once, answered too slowly for the
  // burst tests' short quiet periods.
  maxWorkers: 2,
  // Every temporary folder of the run (cdktf's Testing apps leave one each) lives in one folder that is removed at the end.
  globalSetup: "<rootDir>/__tests__/setup/global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/setup/global-teardown.ts",
};
