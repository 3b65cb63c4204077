/**
 * `npm run demo`: see the monitor work end to end without an AWS account. Starts the local AWS
 * emulator, deploys to two Regions with Terraform, puts a simulated root console sign-in on the
 * default event bus, where the deployed rule puts it on the buffer queue; hands the buffer's batch
 * to the built function as Lambda's event source mapping would (with the deployed function's
 * environment: its table, buffer, topic and self-check plan), prints the email a subscriber would
 * receive, destroys everything and stops the emulator. The sign-in is the emulated account's own, so
 * that the account, alias and event id agree everywhere the demo shows them.
 */
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { CreateAccountAliasCommand, IAMClient } from "@aws-sdk/client-iam";
import { GetFunctionConfigurationCommand, LambdaClient, ListEventSourceMappingsCommand, UpdateEventSourceMappingCommand } from "@aws-sdk/client-lambda";
import { SQSClient } from "@aws-sdk/client-sqs";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { MESSAGE_KEYS } from "../handler/messages/envelope";
import { buildHandlerBundle, type HandlerBundle } from "../src/function/handler-bundle";
import { functionEnvironmentVariables, readFunctionEnvironment } from "../src/contract/function-environment";
import { SETTING_DEFAULTS } from "../src/settings/settings-schema";
import { outputName, resourceNames } from "../src/contract/names";
import { PROJECT_ROOT } from "../src/project-root";
import { PROVIDER_MIRROR_ENV, providerMirrorFrom } from "../scripts/lib/terraform-cli-config";
import { deployToEmulator, type EmulatorDeployment } from "./emulator-deployment";
import { driveBuffer } from "./buffer-driver";
import { EMULATOR_ENV, emulatorClientConfig, startMotoServer, type MotoServer } from "./moto-server";
import { startRecordingProxy, type RecordedPublish } from "./recording-proxy";
import { simulatedRootSignIn } from "./simulated-root-sign-in";
import { runCommand } from "../scripts/lib/run-command";
import { flagValue } from "../scripts/lib/commands";
import { deliveryRegionOf, DELIVERY_MODES, type DeliveryMode } from "../src/contract/delivery-mode";

const REGIONS = ["us-east-1", "eu-west-1"];
const HOME_REGION = "us-east-1";
const ACCOUNT_ALIAS = "demo-prod";
const started = Date.now();
const step = (text: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${text}`);

function missingPrerequisites(): string[] {
  const onPath = (command: string) => spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
  const missing: string[] = [];
  if (!onPath("moto_server")) missing.push("moto_server, the local AWS emulator: pip install 'moto[server]'");
  if (!onPath("terraform")) missing.push("terraform 1.10 or newer: https://developer.hashicorp.com/terraform/install");
  return missing;
}

/** The account id in an ARN (`arn:partition:service:region:account:resource`). */
const accountOf = (arn: string) => arn.split(":")[4];

/** The delivery mode asked for, once the demo can run; else undefined, with the reason printed and exit code 2. */
function demoDelivery(argv: readonly string[]): DeliveryMode | undefined {
  const delivery = flagValue(argv, "--delivery") ?? "regional";
  if (!(DELIVERY_MODES as readonly string[]).includes(delivery)) {
    console.error(`--delivery ${delivery}: not a delivery mode. Allowed: ${DELIVERY_MODES.join(", ")}`);
    process.exitCode = 2;
    return undefined;
  }
  const missing = missingPrerequisites();
  if (missing.length > 0) {
    console.error(`The demo needs:\n  - ${missing.join("\n  - ")}`);
    process.exitCode = 2;
    return undefined;
  }
  // Checked before anything starts: a mirror that is not a folder stops the demo with one message, at once.
  if (providerMirrorFrom() === undefined) {
    step(`Terraform will fetch the AWS provider from its registry (set ${PROVIDER_MIRROR_ENV} to use a local mirror instead)`);
  }
  return delivery as DeliveryMode;
}

/** The emulator, its account given an alias so that the email names it. */
async function startEmulator(): Promise<MotoServer> {
  step("starting the AWS emulator (moto_server)");
  const moto = await startMotoServer();
  step(`emulator listening on ${moto.endpoint} (process ${moto.pid})`);
  await new IAMClient(emulatorClientConfig(moto.endpoint, "us-east-1")).send(new CreateAccountAliasCommand({ AccountAlias: ACCOUNT_ALIAS }));
  step(`gave the emulated account the alias ${ACCOUNT_ALIAS}`);
  return moto;
}

function deployDemo(moto: MotoServer, workDir: string, delivery: DeliveryMode): Promise<EmulatorDeployment> {
  step(`deploying to ${REGIONS.join(" and ")} with Terraform, ${delivery} delivery (about a minute)`);
  return deployToEmulator({
    endpoint: moto.endpoint,
    workDir,
    regions: REGIONS,
    emails: ["security@example.com"],
    stateBucket: "root-monitor-demo-state",
    settings: { ROOT_MONITOR_DELIVERY: delivery, ROOT_MONITOR_HOME_REGION: HOME_REGION },
    log: (line) => (line.startsWith("  ") && !/Creation complete|Apply complete|Destroy complete/.test(line) ? undefined : step(line.trim())),
  });
}

/** Where the demo's sign-in happens and where it is told, from the deployment's outputs. */
interface DemoPlaces {
  /** The Region where the sign-in is recorded. */
  readonly eventRegion: string;
  /** The Region whose delivery tells it. */
  readonly region: string;
  readonly accountId: string;
  readonly topicArn: string;
  readonly ruleName?: string;
  readonly functionName: string;
  readonly bufferUrl: string;
  readonly bufferArn: string;
}

function demoPlaces(outputs: Readonly<Record<string, string>>, delivery: DeliveryMode): DemoPlaces {
  // With central delivery the sign-in happens in the other Region and is told from the home Region.
  const eventRegion = delivery === "central" ? "eu-west-1" : "us-east-1";
  const region = deliveryRegionOf({ delivery, homeRegion: HOME_REGION }, eventRegion);
  const topicArn = outputs[outputName("topic_arn", region)];
  const accountId = accountOf(topicArn);
  return {
    eventRegion,
    region,
    accountId,
    topicArn,
    ruleName: outputs[outputName("rule_arn", eventRegion)].split("/").pop(),
    functionName: outputs[outputName("function_name", region)],
    bufferUrl: outputs[outputName("buffer_queue_url", region)],
    bufferArn: `arn:aws:sqs:${region}:${accountId}:${resourceNames(SETTING_DEFAULTS, region).bufferQueue}`,
  };
}

/**
 * The emulator cannot run Lambda functions (it would try Docker for every message): the demo plays
 * the event source mapping's part itself, with the built bundle. It turns the deployed mappings off
 * and returns the deployed function's environment, read and written through the contract's schema.
 */
async function takeOverTheFunction(moto: MotoServer, places: DemoPlaces): Promise<Record<string, string>> {
  const lambda = new LambdaClient(emulatorClientConfig(moto.endpoint, places.region));
  // By the queue: the emulator finds mappings by function only under the exact name they were made with.
  const { EventSourceMappings = [] } = await lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: places.bufferArn }));
  for (const mapping of EventSourceMappings) await lambda.send(new UpdateEventSourceMappingCommand({ UUID: mapping.UUID, Enabled: false }));
  const { Environment } = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: places.functionName }));
  return functionEnvironmentVariables(readFunctionEnvironment(Environment?.Variables ?? {}));
}

async function putSignIn(moto: MotoServer, places: DemoPlaces): Promise<string> {
  const signIn = simulatedRootSignIn(places.accountId, places.eventRegion);
  step(`putting a simulated root console sign-in to ${places.accountId} on the default event bus in ${places.eventRegion}, where CloudTrail would`);
  await new EventBridgeClient(emulatorClientConfig(moto.endpoint, places.eventRegion)).send(
    new PutEventsCommand({ Entries: [{ Source: signIn.source, DetailType: signIn["detail-type"], Detail: JSON.stringify(signIn.detail), Time: new Date(signIn.time) }] }),
  );
  return signIn.detail.eventID;
}

/** Hands the buffer's batch to the built function, with SNS calls through a recording proxy, so that the email can be shown exactly as sent. */
async function runTheFunction(moto: MotoServer, places: DemoPlaces, functionEnvironment: Record<string, string>): Promise<RecordedPublish> {
  const proxy = await startRecordingProxy(moto.endpoint);
  const run = await driveBuffer({
    sqs: new SQSClient(emulatorClientConfig(moto.endpoint, places.region)),
    queueUrl: places.bufferUrl,
    queueArn: places.bufferArn,
    region: places.region,
    env: {
      ...EMULATOR_ENV,
      AWS_REGION: places.region,
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ENDPOINT_URL_SNS: proxy.endpoint,
      AWS_LAMBDA_FUNCTION_NAME: resourceNames(SETTING_DEFAULTS, places.region).function,
      ...functionEnvironment,
    },
    maxMs: 30_000,
  });
  await proxy.close();
  if (run.failedRecords > 0) throw new Error(`the function failed on ${run.failedRecords} message(s)`);
  for (const line of run.logs) step(`function log: ${JSON.stringify(line)}`);
  step(`the function took ${run.records} message(s) in ${run.invocations} invocation(s); SNS accepted ${proxy.publishes.length} message(s) on ${places.topicArn}`);
  const [sent] = proxy.publishes;
  if (!sent?.message) throw new Error("the handler published nothing that the proxy saw");
  return sent;
}

/** From the deployment's outputs to the email: the sign-in put on the bus, the function run on the buffer's batch, the email printed. */
async function tellASignIn(moto: MotoServer, outputs: Readonly<Record<string, string>>, delivery: DeliveryMode, bundle: HandlerBundle): Promise<void> {
  const places = demoPlaces(outputs, delivery);
  step(`the monitor runs in the emulated account ${places.accountId} (its topic ARN's account), alias ${ACCOUNT_ALIAS}`);
  const functionEnvironment = await takeOverTheFunction(moto, places);
  const eventId = await putSignIn(moto, places);
  const route =
    delivery === "central" ? `forwarded CloudTrail event ${eventId} to the central event bus in ${places.region}, whose rule put it on the buffer queue` : `put CloudTrail event ${eventId} on the buffer queue`;
  step(`the rule ${places.ruleName} in ${places.eventRegion} ${route}; handing the buffer's batch to the built function (${path.relative(PROJECT_ROOT, bundle.outfile)}), as Lambda's event source mapping would`);
  const sent = await runTheFunction(moto, places, functionEnvironment);
  const email = JSON.parse(sent.message ?? "{}")[MESSAGE_KEYS.email] as string;
  console.log(`\n===== the email security@example.com would receive =====\nSubject: ${sent.subject}\n\n${email}===== end of email =====\n`);
}

async function tearDown(deployment: EmulatorDeployment | undefined, moto: MotoServer | undefined, workDir: string): Promise<void> {
  if (deployment) {
    step("destroying everything (about a minute)");
    await deployment.destroy();
  }
  if (moto) {
    step("stopping the emulator");
    await moto.stop();
  }
  rmSync(workDir, { recursive: true, force: true });
  if (existsSync(workDir)) console.error(`could not remove ${workDir}`);
}

async function main(argv: readonly string[]): Promise<void> {
  const delivery = demoDelivery(argv);
  if (delivery === undefined) return;
  // The AWS SDK warns once that its releases after January 2027 need Node 22: a notice about the Node
  // that runs this demo, not about the monitor (its function's runtime is the lambdaRuntime setting),
  // and it would break into the demo's story. The tests and the operator commands still show it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

  step("building the handler bundle");
  const bundle = buildHandlerBundle();
  let moto: MotoServer | undefined;
  let deployment: EmulatorDeployment | undefined;
  const workDir = mkdtempSync(path.join(tmpdir(), "root-monitor-demo-"));
  try {
    moto = await startEmulator();
    deployment = await deployDemo(moto, workDir, delivery);
    await tellASignIn(moto, await deployment.outputs(), delivery, bundle);
  } finally {
    await tearDown(deployment, moto, workDir);
  }
  step("done");
}

runCommand("demo", () => main(process.argv.slice(2)));
