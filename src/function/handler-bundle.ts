/**
 * Bundles the Lambda handler with esbuild: one minified CommonJS file for the Node.js Lambda runtime,
 * with the AWS SDK clients inside it (pinned by our lockfile, not whatever the runtime ships).
 * Deterministic: the same sources give byte-identical output, so the asset hash changes only when
 * the code does.
 */
import { buildSync, version as esbuildVersion, type BuildOptions, type Metafile } from "esbuild";
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { HANDLER_CONTRACT } from "../contract/names";
import { PROJECT_ROOT } from "../project-root";

/** The Node.js version the bundle is compiled for: the oldest Lambda runtime we support. */
const HANDLER_NODE_TARGET = "node20";

const HANDLER_ENTRY = path.join(PROJECT_ROOT, "handler", "index.ts");

const DEFAULT_HANDLER_OUTDIR = path.join(PROJECT_ROOT, HANDLER_CONTRACT.bundleDir);

export interface HandlerBundle {
  /** The folder that holds `index.js` and nothing else: what the archive asset zips. */
  readonly outdir: string;
  readonly outfile: string;
  readonly metafile: Metafile;
}

/** How the handler is bundled: also what the bench bundles its libraries with, to weigh each alone. */
export const HANDLER_BUILD_OPTIONS = {
  absWorkingDir: PROJECT_ROOT,
  bundle: true,
  platform: "node",
  target: HANDLER_NODE_TARGET,
  format: "cjs",
  minify: true,
  // Prefer ES module builds of dependencies so that unused SDK code is dropped.
  mainFields: ["module", "main"],
  charset: "utf8",
  legalComments: "eof",
} as const satisfies BuildOptions;

export function buildHandlerBundle(outdir: string = DEFAULT_HANDLER_OUTDIR): HandlerBundle {
  const outfile = path.join(outdir, HANDLER_CONTRACT.bundleFile);
  const result = buildSync({
    ...HANDLER_BUILD_OPTIONS,
    mainFields: [...HANDLER_BUILD_OPTIONS.mainFields],
    entryPoints: [HANDLER_ENTRY],
    outfile,
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

/** What a build read, and how each input file stood (size and modification time) when it did. */
interface BuildStamp {
  readonly esbuildVersion: string;
  readonly inputs: Readonly<Record<string, string>>;
  readonly output: string;
  readonly metafile: Metafile;
}

const fileState = (file: string): string => {
  const stat = statSync(file, { throwIfNoEntry: false });
  return stat ? `${stat.size}:${stat.mtimeMs}` : "missing";
};

/** The files whose change must force a rebuild: every input esbuild read, plus what steers resolution. */
const stampInputs = (metafile: Metafile): string[] => [
  ...Object.keys(metafile.inputs).map((input) => path.join(PROJECT_ROOT, input)),
  path.join(PROJECT_ROOT, "package-lock.json"),
  path.join(PROJECT_ROOT, "handler"),
];

/**
 * `buildHandlerBundle`, skipped when nothing it read has changed since the last build into the same
 * folder: bundling is the largest part of a synth, and most synths follow no handler change. The
 * stamp sits beside the folder (never inside it: the folder is what the asset zips).
 */
export function buildHandlerBundleCached(outdir: string = DEFAULT_HANDLER_OUTDIR): HandlerBundle & { readonly cached: boolean } {
  const stampFile = `${outdir}.build.json`;
  const outfile = path.join(outdir, HANDLER_CONTRACT.bundleFile);
  if (existsSync(stampFile) && existsSync(outfile)) {
    const stamp = JSON.parse(readFileSync(stampFile, "utf8")) as BuildStamp;
    const unchanged =
      stamp.esbuildVersion === esbuildVersion &&
      stamp.output === fileState(outfile) &&
      Object.entries(stamp.inputs).every(([file, state]) => fileState(file) === state);
    if (unchanged) return { outdir, outfile, metafile: stamp.metafile, cached: true };
  }
  const bundle = buildHandlerBundle(outdir);
  const stamp: BuildStamp = {
    esbuildVersion,
    inputs: Object.fromEntries(stampInputs(bundle.metafile).map((file) => [file, fileState(file)])),
    output: fileState(bundle.outfile),
    metafile: bundle.metafile,
  };
  writeFileSync(stampFile, JSON.stringify(stamp));
  return { ...bundle, cached: false };
}
