import { Testing } from "cdktf";
import { unzipSync } from "fflate";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { handlerBundleOncePerProcess } from "../../src/function/handler-asset";
import { RootActivityMonitorStack } from "../../src/stack";
import { testSettings } from "../helpers/synth";

/** Synthesizes the stack into a fresh folder and returns the archive's path and bytes. */
function synthArchive(): { file: string; bytes: Buffer } {
  const outdir = mkdtempSync(path.join(tmpdir(), "asset-"));
  try {
    const app = Testing.app({ outdir } as never);
    new RootActivityMonitorStack(app, "root-activity-monitor", testSettings({ regions: ["us-east-1"] }));
    app.synth();
    const assets = path.join(outdir, "stacks", "root-activity-monitor", "assets", "HandlerAsset");
    const [hash] = readdirSync(assets);
    const file = path.join(assets, hash, "archive.zip");
    return { file: path.relative(outdir, file), bytes: readFileSync(file) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

describe("the handler archive asset", () => {
  it("zips exactly the bundle, as index.js at the archive's root", () => {
    const { bytes } = synthArchive();
    const entries = unzipSync(new Uint8Array(bytes));
    expect(Object.keys(entries)).toEqual(["index.js"]);
    expect(Buffer.from(entries["index.js"]).equals(readFileSync(handlerBundleOncePerProcess().outfile))).toBe(true);
  });

  it("writes byte-identical archives from the same bundle", () => {
    const first = synthArchive();
    const second = synthArchive();
    expect(second.file).toBe(first.file);
    expect(second.bytes.equals(first.bytes)).toBe(true);
  });
});
