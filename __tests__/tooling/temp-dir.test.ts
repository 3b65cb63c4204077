/** The test run keeps its temporary folders, cdktf's `cdktf.outdir.*` among them, in one folder it removes. */
import { Testing } from "cdktf";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { removeRunTempDir, RUN_TEMP_DIR_ENV, useRunTempDir } from "../setup/temp-dir";

describe("the run's temporary folder", () => {
  it("is where this worker's temporary folders go", () => {
    const runDir = process.env[RUN_TEMP_DIR_ENV];
    expect(runDir).toBeDefined();
    expect(tmpdir()).toBe(runDir);
    Testing.synthScope(() => undefined);
    expect(readdirSync(runDir as string).some((name) => name.startsWith("cdktf.outdir."))).toBe(true);
  });

  it("is removed, with the cdktf folders in it, by the teardown", () => {
    const env: NodeJS.ProcessEnv = {};
    const dir = useRunTempDir(env);
    expect(env.TMPDIR).toBe(dir);
    expect(path.dirname(dir)).toBe(tmpdir());
    mkdirSync(path.join(dir, "cdktf.outdir.abc123", "stacks"), { recursive: true });
    removeRunTempDir(env);
    expect(existsSync(dir)).toBe(false);
  });
});
