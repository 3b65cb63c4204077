/**
 * Bundles the Lambda handler with esbuild: one minified CommonJS file for the Node.js Lambda runtime,
 * with the AWS SDK clients inside it (pinned by our lockfile, not whatever the runtime ships).
 * Deterministic: the same sources give byte-identical output, so the asset hash changes only when
 * the code does.
 */
import { buildSync, type Metafile } from "esbuild";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "./project-root";

/** The Node.js version the bundle is compiled for: the oldest Lambda runtime we support. */
export const HANDLER_NODE_TARGET = "node20";

export const HANDLER_ENTRY = path.join(PROJECT_ROOT, "handler", "index.ts");

export const DEFAULT_HANDLER_OUTDIR = path.join(PROJECT_ROOT, "dist", "handler");

export interface HandlerBundle {
  /** The folder that holds `index.js` and nothing else: what the archive asset zips. */
  readonly outdir: string;
  readonly outfile: string;
  readonly metafile: Metafile;
}

export function buildHandlerBundle(outdir: string = DEFAULT_HANDLER_OUTDIR): HandlerBundle {
  const outfile = path.join(outdir, "index.js");
  const result = buildSync({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [HANDLER_ENTRY],
    outfile,
    bundle: true,
    platform: "node",
    target: HANDLER_NODE_TARGET,
    format: "cjs",
    minify: true,
    // Prefer ES module builds of dependencies so that unused SDK code is dropped.
    mainFields: ["module", "main"],
    charset: "utf8",
    legalComments: "eof",
    metafile: true,
    logLevel: "warning",
    write: false,
  });
  // Replace the file in one step: a synth, a test or the emulator may be reading the previous
  // bundle at this moment, and must never see half of one. The staged copy sits beside the folder,
  // not in it, because the folder is what the archive asset zips.
  mkdirSync(outdir, { recursive: true });
  const staged = path.join(path.dirname(outdir), `.${path.basename(outdir)}-index.js.${process.pid}.tmp`);
  writeFileSync(staged, result.outputFiles[0].contents);
  renameSync(staged, outfile);
  return { outdir, outfile, metafile: result.metafile };
}
