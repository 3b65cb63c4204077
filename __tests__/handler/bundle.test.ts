import { builtinModules } from "node:module";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { buildHandlerBundle, buildHandlerBundleCached } from "../../src/function/handler-bundle";

describe("handler bundle", () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), "handler-bundle-"));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it("is byte-identical across two builds of the same sources", () => {
    const first = buildHandlerBundle(tempDir());
    const second = buildHandlerBundle(tempDir());
    expect(readFileSync(first.outfile).equals(readFileSync(second.outfile))).toBe(true);
  });

  it("is a single minified file with the AWS SDK clients inside, not required from the runtime", () => {
    const bundle = buildHandlerBundle(tempDir());
    expect(readdirSync(bundle.outdir)).toEqual(["index.js"]);
    const code = readFileSync(bundle.outfile, "utf8");
    // The only package left to the runtime is the optional CRT signer, which the SDK loads in a
    // try/catch for SigV4a and which SNS and IAM never use.
    const requiredPackages = [...new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1]).filter((name) => !name.startsWith("node:") && !builtinModules.includes(name)))];
    expect(requiredPackages).toEqual(["@aws-sdk/signature-v4-crt"]);
    for (const inside of ["@aws-sdk/client-sns", "@aws-sdk/client-iam", "@aws-sdk/client-sqs", "@aws-sdk/client-dynamodb", "@aws-lambda-powertools/batch", "@aws-lambda-powertools/idempotency", "@aws-lambda-powertools/logger"]) {
      expect(Object.keys(bundle.metafile.inputs).some((input) => input.includes(inside))).toBe(true);
    }
    // Nothing of the infrastructure code: the handler shares names and patterns with it, never constructs.
    const infrastructure = Object.keys(bundle.metafile.inputs).filter((input) => /node_modules\/(cdktf|constructs|@cdktf)\//.test(input));
    expect(infrastructure).toEqual([]);
    // Nor the test stores: the in-memory session rules and once-only work, and the emulator's doubles, serve tests and docs only.
    const testStores = Object.keys(bundle.metafile.inputs).filter((input) => /^handler\/sessions\/in-memory-/.test(input) || input.startsWith("emulator/"));
    expect(testStores).toEqual([]);
    expect(Object.keys(bundle.metafile.inputs)).toContain("handler/sessions/session-store.ts");
    // Minified: long lines (the only line breaks left are inside template strings of the libraries).
    const lineCount = code.split("\n").length;
    expect(code.length / lineCount).toBeGreaterThan(1_000);
  });
});

describe("handler bundle cache", () => {
  it("reuses the last build while nothing it read has changed, and rebuilds when a source changes", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "handler-cache-"));
    try {
      const outdir = path.join(dir, "handler");
      expect(buildHandlerBundleCached(outdir).cached).toBe(false);
      expect(existsSync(`${outdir}.build.json`)).toBe(true);
      expect(buildHandlerBundleCached(outdir).cached).toBe(true);
      // The same contents but a new modification time count as a change: rebuild, never guess.
      const source = path.join(__dirname, "..", "..", "handler", "messages", "subject.ts");
      const now = new Date();
      utimesSync(source, now, now);
      expect(buildHandlerBundleCached(outdir).cached).toBe(false);
      expect(buildHandlerBundleCached(outdir).cached).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
