/**
 * The Terraform CLI configuration that the project's own Terraform runs use (tests, plan, deploy,
 * demo). Where the public registry is out of reach, `ROOT_MONITOR_PROVIDER_MIRROR` names a local
 * provider mirror (a `filesystem_mirror` folder): then we write a CLI configuration that installs
 * hashicorp providers from it, and point `TF_CLI_CONFIG_FILE` at that file. Where it is unset,
 * Terraform runs with the user's own configuration, untouched: their registry, credentials, mirrors
 * and plugin cache are theirs to choose.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import * as path from "node:path";
import { COMMAND_ENVIRONMENT } from "../../src/settings/command-environment";
import { InvalidSettingsError } from "../../src/settings/invalid-settings-error";

export const PROVIDER_MIRROR_ENV = COMMAND_ENVIRONMENT.providerMirror;

/** The mirror folder from the environment, or undefined to use the registry. A folder that does not exist is an error. */
export function providerMirrorFrom(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[PROVIDER_MIRROR_ENV]?.trim();
  if (!value) return undefined;
  if (!existsSync(value)) {
    throw new InvalidSettingsError([
      `Setting ${PROVIDER_MIRROR_ENV} has the value ${JSON.stringify(value)}, which is not a folder. Allowed: the path of a Terraform provider mirror (registry.terraform.io/hashicorp/aws/<version>/<platform>/ inside), or unset to use the registry.`,
    ]);
  }
  return path.resolve(value);
}

/**
 * The CLI configuration file Terraform would read for this environment: `TF_CLI_CONFIG_FILE` when
 * that file exists, else `~/.terraformrc`; undefined when neither exists.
 */
function userCliConfigFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env.TF_CLI_CONFIG_FILE, path.join(env.HOME || homedir(), ".terraformrc")];
  return candidates.find((file): file is string => Boolean(file) && existsSync(file as string));
}

/**
 * `plugin_cache_dir` of a CLI configuration's text (HCL or its JSON form), as written there.
 * The text is kept as is, `$HOME` and all: Terraform expands it again when it reads our file.
 */
export function pluginCacheDirOf(cliConfigText: string): string | undefined {
  const match = /^\s*"?plugin_cache_dir"?\s*[=:]\s*("(?:[^"\\]|\\.)*")/m.exec(cliConfigText);
  if (!match) return undefined;
  try {
    return JSON.parse(match[1]) as string;
  } catch {
    return undefined;
  }
}

function terraformCliConfig(mirror: string | undefined, pluginCacheDir?: string): string {
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

/** Settings for a Terraform that runs unattended: no update check, no prompts, output for a log. */
const UNATTENDED = { CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0" } as const;

/**
 * The environment Terraform should run with. With a provider mirror, writes a CLI configuration into
 * `dir` that installs from it (keeping the user's `plugin_cache_dir`, so that a cache they rely on
 * still serves; `TF_PLUGIN_CACHE_DIR` in the environment wins over both by itself) and points
 * `TF_CLI_CONFIG_FILE` at it. Without one, the user's Terraform configuration stays as it is.
 */
export function terraformEnvironment(dir: string, baseEnv: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const mirror = providerMirrorFrom(baseEnv);
  if (!mirror) return { ...baseEnv, ...UNATTENDED };
  const userConfig = userCliConfigFile(baseEnv);
  const pluginCacheDir = userConfig ? pluginCacheDirOf(readFileSync(userConfig, "utf8")) : undefined;
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "terraform.rc");
  writeFileSync(file, terraformCliConfig(mirror, pluginCacheDir));
  return { ...baseEnv, ...UNATTENDED, TF_CLI_CONFIG_FILE: file };
}
