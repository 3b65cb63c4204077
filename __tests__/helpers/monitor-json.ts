import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing, TerraformStack } from "cdktf";
import { createHandlerAsset } from "../../src/handler-asset";
import { RegionalMonitor, type RegionalMonitorProps } from "../../src/regional-monitor";

export type ResourceMap = Record<string, Record<string, Record<string, any>>>;
export type MonitorJson = { resource: ResourceMap; data: ResourceMap };

export const MONITOR_REGION = "eu-west-1";

/** Synthesizes one RegionalMonitor in eu-west-1 with the given props. */
export function synthMonitor(props: Partial<RegionalMonitorProps> = {}): MonitorJson {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  const provider = new AwsProvider(stack, "aws", { alias: MONITOR_REGION, region: MONITOR_REGION });
  new RegionalMonitor(stack, MONITOR_REGION, { provider, region: MONITOR_REGION, handlerAsset: createHandlerAsset(stack), ...props });
  return JSON.parse(Testing.synth(stack));
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
