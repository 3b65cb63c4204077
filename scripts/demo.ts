/**
 * `npm run demo`: see the monitor work end to end without an AWS account. Starts the local AWS
 * emulator, deploys to two Regions with Terraform, sends a simulated root console sign-in through
 * the deployed rule's pattern, hands what arrives (as the default bus would deliver it) to the built
 * handler with the deployed topic, prints the email a subscriber would receive, destroys everything
 * and stops the emulator. The sign-in is the emulated account's own, so that the account, alias and
 * event id agree everywhere the demo shows them.
 */
import { DescribeRuleCommand, EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { CreateAccountAliasCommand, IAMClient } from "@aws-sdk/client-iam";
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { MESSAGE_KEYS } from "../handler/notification";
import { buildHandlerBundle } from "../src/handler-bundle";
import { PROJECT_ROOT } from "../src/project-root";
import { PROVIDER_MIRROR_ENV } from "./lib/terraform-cli-config";
import { HANDLER_CONTRACT, outputName } from "../src/names";
import { deployToEmulator, type EmulatorDeployment } from "./lib/emulator-deployment";
import { invokeBundle } from "./lib/invoke-bundle";
import { EMULATOR_ENV, emulatorClientConfig, startMotoServer, type MotoServer } from "./lib/moto-server";
import { createPatternProbe } from "./lib/pattern-probe";
import { startRecordingProxy } from "./lib/recording-proxy";
import { runCommand } from "./lib/run-command";

const REGIONS = ["us-east-1", "eu-west-1"];
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
 * the current time and a new CloudTrail event id.
 */
function simulatedRootSignIn(accountId: string) {
  const recorded = readFileSync(path.join(PROJECT_ROOT, "__tests__", "fixtures", "root-console-sign-in-success.json"), "utf8");
  const event = JSON.parse(recorded.replaceAll(JSON.parse(recorded).account, accountId));
  const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  event.time = now;
  event.detail.eventTime = now;
  event.detail.eventID = randomUUID();
  return event;
}

async function main(): Promise<void> {
  const missing = missingPrerequisites();
  if (missing.length > 0) {
    console.error(`The demo needs:\n  - ${missing.join("\n  - ")}`);
    process.exitCode = 2;
    return;
  }
  if (!process.env[PROVIDER_MIRROR_ENV]) {
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

    step(`deploying to ${REGIONS.join(" and ")} with Terraform (about a minute)`);
    deployment = await deployToEmulator({
      endpoint: moto.endpoint,
      workDir,
      regions: REGIONS,
      emails: ["security@example.com"],
      stateBucket: "root-monitor-demo-state",
      log: (line) => (line.startsWith("  ") && !/Creation complete|Apply complete|Destroy complete/.test(line) ? undefined : step(line.trim())),
    });
    const outputs = await deployment.outputs();
    const region = "us-east-1";
    const topicArn = outputs[outputName("topic_arn", region)];
    const ruleName = outputs[outputName("rule_arn", region)].split("/").pop();
    const accountId = accountOf(topicArn);
    step(`the monitor runs in the emulated account ${accountId} (its topic ARN's account), alias ${ACCOUNT_ALIAS}`);

    const signIn = simulatedRootSignIn(accountId);
    step(`sending a simulated root console sign-in to ${accountId} through the pattern of the rule deployed in ${region}`);
    const { EventPattern = "" } = await new EventBridgeClient(emulatorClientConfig(moto.endpoint, region)).send(new DescribeRuleCommand({ Name: ruleName }));
    const probe = await createPatternProbe(moto.endpoint, region, EventPattern, "demo-probe");
    const [matched] = await probe.route([{ "detail-type": signIn["detail-type"], detail: signIn.detail }]);
    await probe.remove();
    if (!matched) throw new Error("the deployed rule's pattern did not match a root console sign-in");
    // The probe's bus carries a test source (only AWS may send `aws.*` events) and the emulator leaves
    // out `account`: put back what the default bus delivers, so that the email shows the event as AWS
    // would send it. Everything else (envelope id, time, detail) is what arrived.
    const arrived = probe.arrived[0];
    const delivered = { version: arrived.version, id: arrived.id, "detail-type": arrived["detail-type"], source: signIn.source, account: accountId, time: arrived.time, region: arrived.region, resources: arrived.resources, detail: arrived.detail };
    step(`the rule's pattern matched; handing CloudTrail event ${delivered.detail.eventID} (EventBridge event ${delivered.id}) to the built handler (${path.relative(PROJECT_ROOT, bundle.outfile)})`);

    // SNS calls go through a recording proxy, so that the email can be shown exactly as sent.
    const proxy = await startRecordingProxy(moto.endpoint);
    const invocation = await invokeBundle(delivered, {
      ...EMULATOR_ENV,
      AWS_REGION: region,
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ENDPOINT_URL_SNS: proxy.endpoint,
      [HANDLER_CONTRACT.topicArnEnv]: topicArn,
    });
    await proxy.close();
    if (!invocation.ok) throw new Error(`the handler failed: ${invocation.error?.message}`);
    for (const line of invocation.logs) step(`handler log: ${JSON.stringify(line)}`);
    step(`SNS accepted message ${invocation.result?.messageId} on ${topicArn}`);

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

runCommand("demo", main);
