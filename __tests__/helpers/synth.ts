/**
 * Synthesizing for tests, the way cdktf's unit-test guide does it: `Testing.synthScope` for one
 * construct (with the cdktf Jest matchers on the result), `Testing.synth` for the whole stack; and
 * the parsed Terraform JSON where a reference or a policy needs reading.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing } from "cdktf";
import type { Construct } from "constructs";
import { loadSettings } from "../../src/settings/load-settings";
import { SETTING_DEFAULTS, type Settings } from "../../src/settings/settings-schema";
import { createHandlerAsset } from "../../src/function/handler-asset";
import { resourceNames, type NamingSettings } from "../../src/contract/names";
import { NotificationDelivery, type NotificationDeliveryProps } from "../../src/delivery/notification-delivery";
import { RootActivityRule, type RootActivityRuleProps } from "../../src/rule/root-activity-rule";
import { RegionContext } from "../../src/terraform/region-context";
import { RootActivityMonitorStack } from "../../src/stack";

export type ResourceMap = Record<string, Record<string, Record<string, any>>>;
export type MovedBlock = { from: string; to: string };

export type TerraformJson = {
  terraform: { backend: { s3: Record<string, unknown> }; required_providers: Record<string, unknown> };
  provider: { aws: Array<Record<string, any>> };
  resource: ResourceMap;
  data: ResourceMap;
  output: Record<string, { value: string; description?: string }>;
  moved?: MovedBlock[];
};

/** What `Testing.synthScope` writes for one construct, parsed. */
export type ScopeJson = { resource: ResourceMap; data: ResourceMap; moved?: MovedBlock[] };

export function testSettings(context: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = {}): Settings {
  return loadSettings({ stateBucket: "test-state-bucket", ...context }, env);
}

/** The stack's Terraform JSON, parsed, for the given settings. */
export function synthStack(settings: Settings): TerraformJson {
  const app = Testing.app();
  const stack = new RootActivityMonitorStack(app, "root-activity-monitor", settings);
  return JSON.parse(Testing.synth(stack));
}

/** Which of several resources of a type: by its `name`, or by the values of some of its attributes (`{ target_id: "notify" }`). */
export type ResourceMatch = string | Readonly<Record<string, unknown>>;

const hasName = (resource: Record<string, any>, name?: ResourceMatch) =>
  name === undefined || (typeof name === "string" ? resource.name === name : Object.entries(name).every(([key, value]) => resource[key] === value));

/** The resources of one type whose provider is the given Region's alias (and, if given, whose `name` is `name`). */
export function resourcesIn(json: { resource: ResourceMap }, type: string, region: string, name?: ResourceMatch): Array<Record<string, any>> {
  return Object.values(json.resource[type] ?? {}).filter((resource) => resource.provider === `aws.${region}` && hasName(resource, name));
}

/** The single resource of a type in a Region (and, if given, with that `name`). */
export function onlyResourceIn(json: { resource: ResourceMap }, type: string, region: string, name?: ResourceMatch): Record<string, any> {
  const found = resourcesIn(json, type, region, name);
  if (found.length !== 1) throw new Error(`expected one ${type}${name ? ` named ${JSON.stringify(name)}` : ""} in ${region}, found ${found.length}`);
  return found[0];
}

/** The Terraform address (`type.name`) of the single resource of a type in a Region (and, if given, with that `name`). */
export function addressIn(json: { resource: ResourceMap }, type: string, region: string, name?: ResourceMatch): string {
  const entry = Object.entries(json.resource[type] ?? {}).filter(([, resource]) => resource.provider === `aws.${region}` && hasName(resource, name));
  if (entry.length !== 1) throw new Error(`expected one ${type}${name ? ` named ${JSON.stringify(name)}` : ""} in ${region}, found ${entry.length}`);
  return `${type}.${entry[0][0]}`;
}

/** The Region every construct test uses. */
export const TEST_REGION = "eu-west-1";

/** The default names of the test Region's resources. */
export const DEFAULT_NAMES = resourceNames({ namePrefix: SETTING_DEFAULTS.namePrefix, topicName: SETTING_DEFAULTS.topicName }, TEST_REGION);

/** The test Region's context (provider, account, partition, names), as the stack makes one per Region; the default names unless `naming` says otherwise. */
export function testRegionContext(scope: Construct, naming: Partial<NamingSettings> = {}): RegionContext {
  const provider = new AwsProvider(scope, "aws", { alias: TEST_REGION, region: TEST_REGION });
  return new RegionContext(scope, `${TEST_REGION}-context`, { provider, region: TEST_REGION, naming: { namePrefix: SETTING_DEFAULTS.namePrefix, topicName: SETTING_DEFAULTS.topicName, ...naming } });
}

/** A delivery's props in a test: any of them, and the naming settings (which the Region's context holds). */
export type TestDeliveryProps = Partial<NotificationDeliveryProps> & Partial<NamingSettings>;

/**
 * One NotificationDelivery in eu-west-1, with the Region as its construct id as in the stack,
 * synthesized with `Testing.synthScope`: the Terraform JSON as a string, for
 * `expect(...).toHaveResourceWithProperties(...)`.
 */
export function synthDeliveryScope(props: TestDeliveryProps = {}): string {
  const { namePrefix, topicName, ...deliveryProps } = props;
  return Testing.synthScope((scope) => {
    const context = testRegionContext(scope, { ...(namePrefix ? { namePrefix } : {}), ...(topicName ? { topicName } : {}) });
    new NotificationDelivery(scope, TEST_REGION, { context, handlerAsset: createHandlerAsset(scope), ...deliveryProps });
  });
}

/** The same, parsed: for references between resources and for policies. */
export function synthDelivery(props: TestDeliveryProps = {}): ScopeJson {
  return JSON.parse(synthDeliveryScope(props));
}

/** What a rule tested on its own targets and alarms to: plain ARNs, so that a test sees exactly what it gave. */
export const RULE_TARGET_QUEUE_ARN = `arn:aws:sqs:${TEST_REGION}:111122223333:${DEFAULT_NAMES.bufferQueue}`;
export const RULE_ALARM_TOPIC_ARN = `arn:aws:sns:${TEST_REGION}:111122223333:${DEFAULT_NAMES.topic}`;

/**
 * One RootActivityRule in eu-west-1 (construct id `eu-west-1-rule`, as in the stack), targeting
 * RULE_TARGET_QUEUE_ARN with its alarms on RULE_ALARM_TOPIC_ARN unless the props say otherwise;
 * synthesized with `Testing.synthScope`.
 */
export function synthRuleScope(props: Partial<RootActivityRuleProps> = {}): string {
  return Testing.synthScope((scope) => {
    new RootActivityRule(scope, `${TEST_REGION}-rule`, {
      context: testRegionContext(scope),
      names: DEFAULT_NAMES,
      targetArn: RULE_TARGET_QUEUE_ARN,
      alarms: { topicArn: RULE_ALARM_TOPIC_ARN, alarmNamePrefix: DEFAULT_NAMES.alarmPrefix },
      ...props,
    });
  });
}

/** The same, parsed. */
export function synthRule(props: Partial<RootActivityRuleProps> = {}): ScopeJson {
  return JSON.parse(synthRuleScope(props));
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

/** The single resource of a type whose `name` is `name`, with its address. */
export function named(json: { resource: ResourceMap }, type: string, name: string): [string, Record<string, any>] {
  const found = all(json, type).filter(([, resource]) => resource.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
  return found[0];
}

/** `${type.name.attr}` for a resource address. */
export const ref = (address: string, attribute: string) => `\${${address}.${attribute}}`;

/** `${data.type.name.attr}` for the single data source of a type. */
export function dataRef(json: { data: ResourceMap }, type: string, attribute: string): string {
  const [address] = one({ resource: json.data }, type);
  return ref(`data.${address}`, attribute);
}

/**
 * Replaces every reference to the account id or the partition (whichever data source it comes
 * from) with `<account:REGION>` / `<partition:REGION>`, REGION being the data source's provider:
 * an ARN one Region's construct builds must be compared with an ARN another builds, or with one a
 * test writes, whichever data source each reads.
 */
export function resolveAccountAndPartition(json: { data: ResourceMap }, text: string): string {
  return text.replace(/\$\{data\.(aws_caller_identity|aws_partition)\.([^.}]+)\.(account_id|partition)\}/g, (whole, type: string, name: string, attribute: string) => {
    const provider = json.data[type]?.[name]?.provider as string | undefined;
    if (provider === undefined) return whole;
    return `<${attribute === "account_id" ? "account" : "partition"}:${provider.replace(/^aws\./, "")}>`;
  });
}
