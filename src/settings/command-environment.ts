/**
 * The `ROOT_MONITOR_*` environment variables that are not settings: the operator commands' own, and
 * the test suite's temporary folder (which the commands it runs inherit). Any other `ROOT_MONITOR_*`
 * variable is a misspelling, which would otherwise be ignored silently (`ROOT_MONITOR_REGION=eu-west-1`
 * deploying all 17 Regions).
 */
export const COMMAND_ENVIRONMENT = {
  providerMirror: "ROOT_MONITOR_PROVIDER_MIRROR",
  allowDestructive: "ROOT_MONITOR_ALLOW_DESTRUCTIVE",
  testTempDir: "ROOT_MONITOR_TEST_TMPDIR",
} as const;
