/**
 * The Lambda code as one cdktf asset: the handler is bundled and zipped once per synth, however many
 * Regions use it. Its hash is of the bundle's contents, so the functions are updated only when the
 * code does.
 *
 * Public API only (so that a move to CDK Terrain is a rename): a FILE asset of the zip that
 * handler-archive.ts made, given the bundle folder's hash. Its path, `assets/<id>/<hash>/archive.zip`,
 * and its hash are those cdktf gives an ARCHIVE asset of the bundle folder, which deployed functions
 * carry in `filename` and `source_code_hash` (a test compares them).
 */
import { AssetType, TerraformAsset } from "cdktf";
import type { Construct } from "constructs";
import { archiveFolder, type FolderArchive } from "./handler-archive";
import { buildHandlerBundleCached, type HandlerBundle } from "./handler-bundle";

let bundled: HandlerBundle | undefined;
let archived: FolderArchive | undefined;

/** Bundles the handler on first use in this process (unless an earlier synth already did, from the same sources) and reuses that bundle afterwards. */
export function handlerBundleOncePerProcess(): HandlerBundle {
  bundled ??= buildHandlerBundleCached();
  return bundled;
}

/** The bundle zipped, on first use in this process; beside the bundle folder, never in it (the folder is what is hashed). */
function handlerArchiveOncePerProcess(): FolderArchive {
  const { outdir } = handlerBundleOncePerProcess();
  archived ??= archiveFolder(outdir, `${outdir}.archives`);
  return archived;
}

export function createHandlerAsset(scope: Construct, id = "HandlerAsset"): TerraformAsset {
  const archive = handlerArchiveOncePerProcess();
  return new TerraformAsset(scope, id, { path: archive.file, type: AssetType.FILE, assetHash: archive.hash });
}
