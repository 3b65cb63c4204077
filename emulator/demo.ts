/**
 * `npm run demo`: see the monitor work end to end without an AWS account. Starts the local AWS
 * emulator, deploys to two Regions with Terraform, puts a simulated root console sign-in on the
 * default event bus, where the deployed rule puts it on the buffer queue; hands the buffer's batch
 * to the built function as Lambda's event source mapping would (with the deployed table and topic),
 * prints the email a subscriber would receive, destroys everything and stops the emulator. The sign-in is the emulated account's own, so that the account, alias and
 * event id agree everywhere the demo shows them.
 */
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { CreateAccountAliasCommand, IAMClient } from "@aws-sdk/client-iam";
import { GetFunctionConfigurationCommand, LambdaClient, ListEventSourceMappingsCommand, UpdateEventSourceMappingCommand } from "@aws-sdk/client-lambda";
import { SQSClient } from "@aws-sdk/client-sqs";
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { MESSAGE_KEYS } from "../handler/messages/envelope";
import { buildHandlerBundle } from "../src/function/handler-bundle";
import { SETTING_DEFAULTS } from "../src/settings/settings-schema";
import { HANDLER_CONTRACT, outputName, resourceNames } from "../src/contract/names";
import { PROJECT_ROOT } from "../src/project-root";
import { PROVIDER_MIRROR_ENV, providerMirrorFrom } from "../scripts/lib/terraform-cli-config";
import { deployToEmulator, type EmulatorDeployment } from "./emulator-deployment";
import { driveBuffer } from "./buffer-driver";
import { EMULATOR_ENV, emulatorClientConfig, startMotoServer, type MotoServer } from "./moto-server";
import { startRecordingProxy } from "./recording-proxy";
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

/**
 * A root console sign-in as CloudTrail records it, made this account's and this moment's: the
 * recorded event (`__tests__/fixtures/`) with its account id replaced everywhere (ARNs included),
 * the current time, a new CloudTrail event id, and the Region where it is recorded.
 */
function simulatedRootSignIn(accountId: string, region: string) {
  const recorded = readFileSync(path.join(PROJECT_ROOT, "__tests__", "fixtures", "root-console-sign-in-success.json"), "utf8");
  const event = JSON.parse(recorded.replaceAll(JSON.parse(recorded).account, accountId));
  const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  event.time = now;
  event.detail.eventTime = now;
  event.detail.eventID = randomUUID();
  event.region = region;
  event.detail.awsRegion = region;
  return event;
}

async function main(argv: readonly string[]): Promise<void> {
  const delivery = flagValue(argv, "--delivery") ?? "regional";
  if (!(DELIVERY_MODES as readonly string[]).includes(delivery)) {
    console.error(`--delivery ${delivery}: not a delivery mode. Allowed: ${DELIVERY_MODES.join(", ")}`);
    process.exitCode = 2;
    return;
  }
  const settings = { delivery: delivery as DeliveryMode, homeRegion: HOME_REGION };
  const missing = missingPrerequisites();
  if (missing.length > 0) {
    console.error(`The demo needs:\n  - ${missing.join("\n  - ")}`);
    process.exitCode = 2;
    return;
  }
  // Checked before anything starts: a mirror that is not a folder stops the demo with one message, at once.
  if (providerMirrorFrom() === undefined) {
    step(`Terraform will fetch the AWS provider from its registry (set ${PROVIDER_MIRROR_ENV} to use a local mirror instead)`);
  }

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
    step("starting the AWS emulator (moto_server)");
    moto = await startMotoServer();
    step(`emulator listening on ${moto.endpoint} (process ${moto.pid})`);
    await new IAMClient(emulatorClientConfig(moto.endpoint, "us-east-1")).send(new CreateAccountAliasCommand({ AccountAlias: ACCOUNT_ALIAS }));
    step(`gave the emulated account the alias ${ACCOUNT_ALIAS}`);

    step(`deploying to ${REGIONS.join(" and ")} with Terraform, ${delivery} delivery (about a minute)`);
    deployment = await deployToEmulator({
      endpoint: moto.endpoint,
      workDir,
      regions: REGIONS,
      emails: ["security@example.com"],
      stateBucket: "root-monitor-demo-state",
      settings: { ROOT_MONITOR_DELIVERY: delivery, ROOT_MONITOR_HOME_REGION: HOME_REGION },
      log: (line) => (line.startsWith("  ") && !/Creation complete|Apply complete|Destroy complete/.test(line) ? undefined : step(line.trim())),
    });
    const outputs = await deployment.outputs();
    // With central delivery the sign-in happens in the other Region and is told from the home Region.
    const eventRegion = delivery === "central" ? "eu-west-1" : "us-east-1";
    const region = deliveryRegionOf(settings, eventRegion);
    const topicArn = outputs[outputName("topic_arn", region)];
    const ruleName = outputs[outputName("rule_arn", eventRegion)].split("/").pop();
    const accountId = accountOf(topicArn);
    step(`the monitor runs in the emulated account ${accountId} (its topic ARN's account), alias ${ACCOUNT_ALIAS}`);

    const signIn = simulatedRootSignIn(accountId, eventRegion);
    const names = resourceNames(SETTING_DEFAULTS, region);
    // The emulator cannot run Lambda functions (it would try Docker for every message): the demo
    // plays the event source mapping's part itself, with the built bundle.
    const lambda = new LambdaClient(emulatorClientConfig(moto.endpoint, region));
    const bufferArn = `arn:aws:sqs:${region}:${accountId}:${names.bufferQueue}`;
    // By the queue: the emulator finds mappings by function only under the exact name they were made with.
    const { EventSourceMappings = [] } = await lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: bufferArn }));
    for (const mapping of EventSourceMappings) await lambda.send(new UpdateEventSourceMappingCommand({ UUID: mapping.UUID, Enabled: false }));
    // The self-check's plan as the deployment wrote it: the function needs it at cold start.
    const { Environment } = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: outputs[outputName("function_name", region)] }));

    step(`putting a simulated root console sign-in to ${accountId} on the default event bus in ${eventRegion}, where CloudTrail would`);
    await new EventBridgeClient(emulatorClientConfig(moto.endpoint, eventRegion)).send(
      new PutEventsCommand({ Entries: [{ Source: signIn.source, DetailType: signIn["detail-type"], Detail: JSON.stringify(signIn.detail), Time: new Date(signIn.time) }] }),
    );
    const bufferUrl = outputs[outputName("buffer_queue_url", region)];
    const route = delivery === "central" ? `forwarded CloudTrail event ${signIn.detail.eventID} to the central event bus in ${region}, whose rule put it on the buffer queue` : `put CloudTrail event ${signIn.detail.eventID} on the buffer queue`;
    step(`the rule ${ruleName} in ${eventRegion} ${route}; handing the buffer's batch to the built function (${path.relative(PROJECT_ROOT, bundle.outfile)}), as Lambda's event source mapping would`);

    // SNS calls go through a recording proxy, so that the email can be shown exactly as sent.
    const proxy = await startRecordingProxy(moto.endpoint);
    const run = await driveBuffer({
      sqs: new SQSClient(emulatorClientConfig(moto.endpoint, region)),
      queueUrl: bufferUrl,
      queueArn: bufferArn,
      region,
      env: {
        ...EMULATOR_ENV,
        AWS_REGION: region,
        AWS_ENDPOINT_URL: moto.endpoint,
        AWS_ENDPOINT_URL_SNS: proxy.endpoint,
        AWS_LAMBDA_FUNCTION_NAME: names.function,
        [HANDLER_CONTRACT.topicArnEnv]: topicArn,
        [HANDLER_CONTRACT.env.sessionTable]: outputs[outputName("session_table_name", region)],
        [HANDLER_CONTRACT.env.bufferQueueUrl]: bufferUrl,
        [HANDLER_CONTRACT.env.digestIntervalSeconds]: String(SETTING_DEFAULTS.digestIntervalSeconds),
        [HANDLER_CONTRACT.env.sessionQuietSeconds]: String(SETTING_DEFAULTS.sessionQuietSeconds),
        [HANDLER_CONTRACT.env.selfCheck]: Environment?.Variables?.[HANDLER_CONTRACT.env.selfCheck] ?? "",
      },
      maxMs: 30_000,
    });
    await proxy.close();
    if (run.failedRecords > 0) throw new Error(`the function failed on ${run.failedRecords} message(s)`);
    for (const line of run.logs) step(`function log: ${JSON.stringify(line)}`);
    step(`the function took ${run.records} message(s) in ${run.invocations} invocation(s); SNS accepted ${proxy.publishes.length} message(s) on ${topicArn}`);

    const [sent] = proxy.publishes;
    if (!sent?.message) throw new Error("the handler published nothing that the proxy saw");
    const email = JSON.parse(sent.message)[MESSAGE_KEYS.email] as string;
    console.log(`\n===== the email security@example.com would receive =====\nSubject: ${sent.subject}\n\n${email}===== end of email =====\n`);
  } finally {
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
  step("done");
}

runCommand("demo", () => main(process.argv.slice(2)));
