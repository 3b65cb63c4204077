/**
 * The Lambda code as one cdktf archive asset: the handler is bundled once per synth, however many
 * Regions use it, and TerraformAsset zips the bundle folder and copies it into the stack's output.
 * Its hash is of the bundle's contents, so the functions are updated only when the code changes.
 */
import { AssetType, TerraformAsset } from "cdktf";
import type { Construct } from "constructs";
import { buildHandlerBundle, type HandlerBundle } from "./handler-bundle";

let bundled: HandlerBundle | undefined;

/** Bundles the handler on first use in this process and reuses that bundle afterwards. */
export function handlerBundleOncePerProcess(): HandlerBundle {
  bundled ??= buildHandlerBundle();
  return bundled;
}

export function createHandlerAsset(scope: Construct, id = "HandlerAsset"): TerraformAsset {
  return new TerraformAsset(scope, id, { path: handlerBundleOncePerProcess().outdir, type: AssetType.ARCHIVE });
}
