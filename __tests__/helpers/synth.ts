import { Testing } from "cdktf";
import { loadSettings, type Settings } from "../../src/config";
import { RootActivityMonitorStack } from "../../src/stack";

export type TerraformJson = {
  terraform: { backend: { s3: Record<string, unknown> }; required_providers: Record<string, unknown> };
  provider: { aws: Array<Record<string, any>> };
  resource: Record<string, Record<string, Record<string, any>>>;
  data: Record<string, Record<string, Record<string, any>>>;
  output: Record<string, { value: string; description?: string }>;
};

export function testSettings(context: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = {}): Settings {
  return loadSettings({ stateBucket: "test-state-bucket", ...context }, env);
}

/** The stack's Terraform JSON, parsed, for the given settings. */
export function synthStack(settings: Settings): TerraformJson {
  const app = Testing.app();
  const stack = new RootActivityMonitorStack(app, "root-activity-monitor", settings);
  return JSON.parse(Testing.synth(stack));
}

/** The resources of one type whose provider is the given Region's alias. */
export function resourcesIn(json: TerraformJson, type: string, region: string): Array<Record<string, any>> {
  return Object.values(json.resource[type] ?? {}).filter((resource) => resource.provider === `aws.${region}`);
}

/** The single resource of a type in a Region. */
export function onlyResourceIn(json: TerraformJson, type: string, region: string): Record<string, any> {
  const found = resourcesIn(json, type, region);
  if (found.length !== 1) throw new Error(`expected one ${type} in ${region}, found ${found.length}`);
  return found[0];
}

/** The Terraform address (`type.name`) of the single resource of a type in a Region. */
export function addressIn(json: TerraformJson, type: string, region: string): string {
  const entry = Object.entries(json.resource[type] ?? {}).filter(([, resource]) => resource.provider === `aws.${region}`);
  if (entry.length !== 1) throw new Error(`expected one ${type} in ${region}, found ${entry.length}`);
  return `${type}.${entry[0][0]}`;
}
