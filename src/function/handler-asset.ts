/**
 * The Lambda code as one cdktf archive asset: the handler is bundled once per synth, however many
 * Regions use it, and TerraformAsset (AssetType.ARCHIVE) zips the bundle folder into the stack's
 * output. Its hash is of the bundle's contents, so the functions are updated only when the code does.
 */
import { AssetType, TerraformAsset } from "cdktf";
import type { Construct } from "constructs";
import { zipSync, type Zippable } from "fflate";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { buildHandlerBundleCached, type HandlerBundle } from "./handler-bundle";

let bundled: HandlerBundle | undefined;

/** Bundles the handler on first use in this process (unless an earlier synth already did, from the same sources) and reuses that bundle afterwards. */
export function handlerBundleOncePerProcess(): HandlerBundle {
  bundled ??= buildHandlerBundleCached();
  return bundled;
}

/** Every zip entry gets this time, so that the same files always make the same bytes. */
const FIXED_ZIP_TIME = new Date("2020-01-01T00:00:00Z");

/** The files of a folder, as fflate's nested object of contents, in a stable order. */
function zippable(dir: string): Zippable {
  const entries: Zippable = {};
  for (const name of readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    entries[name] = statSync(file).isDirectory() ? zippable(file) : [readFileSync(file), { mtime: FIXED_ZIP_TIME }];
  }
  return entries;
}

/** What TerraformAsset keeps private and its synthesis uses. */
interface AssetInternals {
  readonly stack: unknown;
  readonly namedFolder: string;
  readonly sourcePath: string;
  readonly path: string;
}

interface SynthesisSession {
  readonly manifest: { readonly outdir: string; forStack(stack: unknown): { readonly synthesizedStackPath: string } };
}

/**
 * A TerraformAsset of type ARCHIVE that zips in this process. cdktf 0.21 zips each archive in a
 * child Node process it starts for the purpose (a third of our synth's time, measured by
 * `npm run bench`); this writes the same archive.zip at the same path, deterministically. The content
 * hash, the path and every reference are cdktf's own. The override goes on the prototype because
 * TerraformAsset declares its synthesis hook private; its constructor binds whatever the instance
 * has, so this one is used. A test checks the archive, so a cdktf upgrade that changes the hook shows.
 */
export class InProcessArchiveAsset extends TerraformAsset {
  constructor(scope: Construct, id: string, sourceDir: string) {
    super(scope, id, { path: sourceDir, type: AssetType.ARCHIVE });
  }
}

Object.defineProperty(InProcessArchiveAsset.prototype, "_onSynthesize", {
  value(this: AssetInternals, session: SynthesisSession): void {
    const stackDir = path.join(session.manifest.outdir, session.manifest.forStack(this.stack).synthesizedStackPath, "..");
    rmSync(path.join(stackDir, this.namedFolder), { recursive: true, force: true });
    const target = path.join(stackDir, this.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, zipSync(zippable(this.sourcePath), { level: 9 }));
  },
});

export function createHandlerAsset(scope: Construct, id = "HandlerAsset"): TerraformAsset {
  return new InProcessArchiveAsset(scope, id, handlerBundleOncePerProcess().outdir);
}
