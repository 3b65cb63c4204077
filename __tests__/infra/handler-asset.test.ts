import { AssetType, TerraformAsset, TerraformStack, Testing } from "cdktf";
import { hashPath } from "cdktf/lib/private/fs";
import { unzipSync } from "fflate";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { archiveFolder, contentHash } from "../../src/function/handler-archive";
import { createHandlerAsset, handlerBundleOncePerProcess } from "../../src/function/handler-asset";
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

describe("the handler asset's address", () => {
  it("has the path and hash cdktf gives an ARCHIVE asset of the bundle folder, which deployed functions carry", () => {
    const app = Testing.app();
    const ours = createHandlerAsset(new TerraformStack(app, "ours"));
    const cdktfs = new TerraformAsset(new TerraformStack(app, "cdktfs"), "HandlerAsset", { path: handlerBundleOncePerProcess().outdir, type: AssetType.ARCHIVE });
    expect(ours.path).toBe(cdktfs.path);
    expect(ours.assetHash).toBe(cdktfs.assetHash);
    expect(ours.path).toBe(`assets/HandlerAsset/${cdktfs.assetHash}/archive.zip`);
  });

  it("hashes a folder as cdktf does: every file, nested folders included", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "asset-hash-"));
    try {
      mkdirSync(path.join(dir, "lib", "deep"), { recursive: true });
      writeFileSync(path.join(dir, "index.js"), "exports.handler = 1;");
      writeFileSync(path.join(dir, "b.txt"), "b");
      writeFileSync(path.join(dir, "lib", "a.js"), "a");
      writeFileSync(path.join(dir, "lib", "deep", "z.bin"), Buffer.from([0, 1, 2, 255]));
      expect(contentHash(dir)).toBe(hashPath(dir));
      expect(contentHash(handlerBundleOncePerProcess().outdir)).toBe(hashPath(handlerBundleOncePerProcess().outdir));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("archiveFolder", () => {
  it("zips a folder into <archives>/<hash>/archive.zip and keeps only the archive of its latest contents", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "archive-folder-"));
    try {
      const bundle = path.join(dir, "bundle");
      const archives = path.join(dir, "archives");
      mkdirSync(bundle);
      writeFileSync(path.join(bundle, "index.js"), "first");
      const first = archiveFolder(bundle, archives);
      expect(first.file).toBe(path.join(archives, hashPath(bundle), "archive.zip"));
      expect(Buffer.from(unzipSync(new Uint8Array(readFileSync(first.file)))["index.js"]).toString()).toBe("first");
      writeFileSync(path.join(bundle, "index.js"), "second");
      const second = archiveFolder(bundle, archives);
      expect(second.hash).not.toBe(first.hash);
      expect(readdirSync(archives)).toEqual([second.hash]);
      expect(existsSync(first.file)).toBe(false);
      expect(Buffer.from(unzipSync(new Uint8Array(readFileSync(second.file)))["index.js"]).toString()).toBe("second");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
