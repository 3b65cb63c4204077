/**
 * One temporary folder for the whole test run, removed at its end. cdktf's `Testing.app()` (and so
 * `Testing.synthScope`) makes a `cdktf.outdir.*` folder in the temporary directory for every app and
 * never removes it; Terraform, moto and the tests make their own. Pointing TMPDIR at a folder of the
 * run's own, before any worker starts, keeps all of them out of the machine's /tmp.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { COMMAND_ENVIRONMENT } from "../../src/settings/command-environment";

/** The variable through which Jest's workers learn the run's folder (they inherit the environment). */
export const RUN_TEMP_DIR_ENV = COMMAND_ENVIRONMENT.testTempDir;

/** Jest globalSetup: make the folder and point TMPDIR at it. */
export function useRunTempDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = mkdtempSync(path.join(tmpdir(), "root-monitor-tests-"));
  env[RUN_TEMP_DIR_ENV] = dir;
  env.TMPDIR = dir;
  return dir;
}

/** Jest globalTeardown: remove the folder and everything in it. */
export function removeRunTempDir(env: NodeJS.ProcessEnv = process.env): void {
  const dir = env[RUN_TEMP_DIR_ENV];
  if (dir) rmSync(dir, { recursive: true, force: true });
}
