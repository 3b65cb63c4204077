/**
 * Synthesizing for tests, the way cdktf's unit-test guide does it: `Testing.synthScope` for one
 * construct (with the cdktf Jest matchers on the result), `Testing.synth` for the whole stack; and
 * the parsed Terraform JSON where a reference or a policy needs reading.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing } from "cdktf";
import { loadSettings, type Settings } from "../../src/config";
import { createHandlerAsset } from "../../src/handler-asset";
import { RegionalMonitor, type RegionalMonitorProps } from "../../src/regional-monitor";
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

export type ResourceMap = Record<string, Record<string, Record<string, any>>>;
export type MonitorJson = { resource: ResourceMap; data: ResourceMap };

export const MONITOR_REGION = "eu-west-1";

/**
 * One RegionalMonitor in eu-west-1, synthesized with `Testing.synthScope`: the Terraform JSON as a
 * string, for `expect(...).toHaveResourceWithProperties(...)`.
 */
export function synthMonitorScope(props: Partial<RegionalMonitorProps> = {}): string {
  return Testing.synthScope((scope) => {
    const provider = new AwsProvider(scope, "aws", { alias: MONITOR_REGION, region: MONITOR_REGION });
    new RegionalMonitor(scope, MONITOR_REGION, { provider, region: MONITOR_REGION, handlerAsset: createHandlerAsset(scope), ...props });
  });
}

/** The same, parsed: for references between resources and for policies. */
export function synthMonitor(props: Partial<RegionalMonitorProps> = {}): MonitorJson {
  return JSON.parse(synthMonitorScope(props));
}
/** All resources of a type, with their addresses (`type.name`). */
export function all(json: { resource: ResourceMap }, type: string): Array<[string, Record<string, any>]> {
  return Object.entries(json.resource[type] ?? {}).map(([name, resource]) => [`${type}.${name}`, resource]);
}

/** The single resource of a type, with its address. */
export function one(json: { resource: ResourceMap }, type: string): [string, Record<string, any>] {
  const found = all(json, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}

/** `${type.name.attr}` for a resource address. */
export const ref = (address: string, attribute: string) => `\${${address}.${attribute}}`;
