/** Unit, infrastructure and emulator tests. ts-jest transpiles each file on its own
 * (tsconfig `isolatedModules`); type-checking is `npm run typecheck`, run once by `npm test`. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": "ts-jest" },
  testTimeout: 30000,
};
