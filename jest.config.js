/** Unit, infrastructure and emulator tests. ts-jest transpiles each file on its own
 * (tsconfig `isolatedModules`); type-checking is `npm run typecheck`, run once by `npm test`. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": "ts-jest" },
  testTimeout: 30000,
  // Three workers on two cores: the slow files (Terraform on the emulator) spend most of their time
  // waiting, on the provider's settling of each SQS queue (about 25 s) and on the emulator, so a third
  // file fills those waits.
  maxWorkers: 3,
  // Every temporary folder of the run (cdktf's Testing apps leave one each) lives in one folder that is removed at the end.
  globalSetup: "<rootDir>/__tests__/setup/global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/setup/global-teardown.ts",
};
