/**
 * The stack's Terraform JSON for some settings, synthesized in this process and parsed, without
 * writing cdktf.out or asking AWS anything (no credentials): for commands that read the stack
 * rather than deploy it.
 */
import { App, Testing } from "cdktf";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { Settings } from "../../src/settings/settings-schema";
import { STACK_NAME } from "../../src/contract/names";
import { RootActivityMonitorStack } from "../../src/stack";
import type { TerraformResources } from "./stack-census";

export function synthesizeInMemory(settings: Settings): TerraformResources {
  // An App insists on an output folder of its own; nothing is written to it.
  const outdir = mkdtempSync(path.join(tmpdir(), "root-monitor-synth-"));
  try {
    const app = new App({ outdir, stackTraces: false });
    const stack = new RootActivityMonitorStack(app, STACK_NAME, settings);
    // cdktf's one public way to a stack's JSON as a string, rather than files in the output folder.
    return JSON.parse(Testing.synth(stack)) as TerraformResources;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
