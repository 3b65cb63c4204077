/**
 * The Terraform CLI configuration that the project's own Terraform runs use (tests, plan, demo).
 * Where the public registry is out of reach, `ROOT_MONITOR_PROVIDER_MIRROR` names a local provider
 * mirror (a `filesystem_mirror` folder); where it is unset, Terraform uses the registry as usual.
 * Writing our own file also keeps a stale `TF_CLI_CONFIG_FILE` of the environment out of the way.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";

export const PROVIDER_MIRROR_ENV = "ROOT_MONITOR_PROVIDER_MIRROR";

/** The mirror folder from the environment, or undefined to use the registry. A folder that does not exist is an error. */
export function providerMirrorFrom(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[PROVIDER_MIRROR_ENV]?.trim();
  if (!value) return undefined;
  if (!existsSync(value)) {
    throw new Error(
      `Setting ${PROVIDER_MIRROR_ENV} has the value ${JSON.stringify(value)}, which is not a folder. Allowed: the path of a Terraform provider mirror (registry.terraform.io/hashicorp/aws/<version>/<platform>/ inside), or unset to use the registry.`,
    );
  }
  return path.resolve(value);
}

export function terraformCliConfig(mirror: string | undefined, pluginCacheDir?: string): string {
  const lines: string[] = [];
  if (pluginCacheDir) lines.push(`plugin_cache_dir = ${JSON.stringify(pluginCacheDir)}`);
  if (mirror) {
    lines.push(
      "provider_installation {",
      "  filesystem_mirror {",
      `    path    = ${JSON.stringify(mirror)}`,
      '    include = ["registry.terraform.io/hashicorp/*"]',
      "  }",
      "  direct {",
      '    exclude = ["registry.terraform.io/hashicorp/*"]',
      "  }",
      "}",
    );
  }
  return `${lines.join("\n")}\n`;
}

/** Writes the CLI configuration into `dir` and returns the environment that Terraform should run with. */
export function terraformEnvironment(dir: string, baseEnv: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "terraform.rc");
  writeFileSync(file, terraformCliConfig(providerMirrorFrom(baseEnv)));
  return { ...baseEnv, TF_CLI_CONFIG_FILE: file, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0" };
}
