/** The Terraform CLI configuration our own Terraform runs use: written only for a provider mirror. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { InvalidSettingsError } from "../../src/settings/invalid-settings-error";
import { PROVIDER_MIRROR_ENV, pluginCacheDirOf, terraformEnvironment } from "../../scripts/lib/terraform-cli-config";

describe("terraformEnvironment", () => {
  let workDir: string;
  let mirror: string;
  let home: string;
  let outDir: string;
  beforeEach(() => {
    workDir = mkdtempSync(path.join(tmpdir(), "root-monitor-cli-config-"));
    mirror = path.join(workDir, "mirror");
    home = path.join(workDir, "home");
    outDir = path.join(workDir, "out");
    mkdirSync(mirror);
    mkdirSync(home);
  });
  afterEach(() => rmSync(workDir, { recursive: true, force: true }));

  describe("without a provider mirror", () => {
    it("keeps the user's TF_CLI_CONFIG_FILE and writes no configuration", () => {
      const userConfig = path.join(home, "custom.tfrc");
      writeFileSync(userConfig, 'plugin_cache_dir = "/cache"\n');
      const env = terraformEnvironment(outDir, { HOME: home, TF_CLI_CONFIG_FILE: userConfig });
      expect(env.TF_CLI_CONFIG_FILE).toBe(userConfig);
      expect(existsSync(outDir)).toBe(false);
    });

    it("leaves TF_CLI_CONFIG_FILE unset when the user has not set it, so that ~/.terraformrc applies", () => {
      const env = terraformEnvironment(outDir, { HOME: home, [PROVIDER_MIRROR_ENV]: " " });
      expect(env).not.toHaveProperty("TF_CLI_CONFIG_FILE");
      expect(existsSync(outDir)).toBe(false);
    });
  });

  describe("with a provider mirror", () => {
    it("points TF_CLI_CONFIG_FILE at a configuration that installs hashicorp providers from the mirror", () => {
      const env = terraformEnvironment(outDir, { HOME: home, [PROVIDER_MIRROR_ENV]: mirror, TF_CLI_CONFIG_FILE: path.join(home, "missing.tfrc") });
      expect(env.TF_CLI_CONFIG_FILE).toBe(path.join(outDir, "terraform.rc"));
      const written = readFileSync(env.TF_CLI_CONFIG_FILE as string, "utf8");
      expect(written).toContain(`path    = ${JSON.stringify(mirror)}`);
      expect(written).toContain('include = ["registry.terraform.io/hashicorp/*"]');
      expect(written).not.toContain("plugin_cache_dir");
    });

    it("keeps the plugin_cache_dir of the user's TF_CLI_CONFIG_FILE", () => {
      const userConfig = path.join(home, "custom.tfrc");
      writeFileSync(userConfig, 'disable_checkpoint = true\nplugin_cache_dir   = "$HOME/.terraform.d/plugin-cache"\n');
      writeFileSync(path.join(home, ".terraformrc"), 'plugin_cache_dir = "/not/this/one"\n');
      const env = terraformEnvironment(outDir, { HOME: home, [PROVIDER_MIRROR_ENV]: mirror, TF_CLI_CONFIG_FILE: userConfig });
      expect(readFileSync(env.TF_CLI_CONFIG_FILE as string, "utf8")).toMatch(/^plugin_cache_dir = "\$HOME\/\.terraform\.d\/plugin-cache"$/m);
    });

    it("keeps the plugin_cache_dir of ~/.terraformrc when TF_CLI_CONFIG_FILE names no file", () => {
      writeFileSync(path.join(home, ".terraformrc"), 'plugin_cache_dir = "/var/cache/terraform"\n');
      const env = terraformEnvironment(outDir, { HOME: home, [PROVIDER_MIRROR_ENV]: mirror, TF_CLI_CONFIG_FILE: path.join(home, "missing.tfrc") });
      expect(readFileSync(env.TF_CLI_CONFIG_FILE as string, "utf8")).toMatch(/^plugin_cache_dir = "\/var\/cache\/terraform"$/m);
    });

    it("names the setting when the mirror folder does not exist", () => {
      const missing = path.join(workDir, "no-mirror");
      expect(() => terraformEnvironment(outDir, { HOME: home, [PROVIDER_MIRROR_ENV]: missing })).toThrow(InvalidSettingsError);
      expect(() => terraformEnvironment(outDir, { HOME: home, [PROVIDER_MIRROR_ENV]: missing })).toThrow(
        `Setting ${PROVIDER_MIRROR_ENV} has the value ${JSON.stringify(missing)}, which is not a folder.`,
      );
    });
  });
});

describe("pluginCacheDirOf", () => {
  it("reads the setting from the JSON form of a CLI configuration", () => {
    expect(pluginCacheDirOf('{\n  "plugin_cache_dir": "/cache/dir",\n  "disable_checkpoint": true\n}')).toBe("/cache/dir");
  });

  it("ignores a commented-out setting", () => {
    expect(pluginCacheDirOf('# plugin_cache_dir = "/old"\n')).toBeUndefined();
  });
});
