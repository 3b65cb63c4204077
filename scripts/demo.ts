/**
 * `npm run demo`: see the monitor work end to end without an AWS account. Starts the local AWS
 * emulator, deploys to two Regions with Terraform, sends a simulated root console sign-in through
 * the deployed rule's pattern, hands what arrives to the built handler with the deployed topic,
 * prints the email a subscriber would receive, destroys everything and stops the emulator.
 */
import { DescribeRuleCommand, EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { CreateAccountAliasCommand, IAMClient } from "@aws-sdk/client-iam";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { buildHandlerBundle } from "../src/handler-bundle";
import { PROJECT_ROOT } from "../src/project-root";
import { PROVIDER_MIRROR_ENV } from "./lib/terraform-cli-config";
import { deployToEmulator, outputName, type EmulatorDeployment } from "./lib/emulator-deployment";
import { invokeBundle } from "./lib/invoke-bundle";
import { EMULATOR_ENV, emulatorClientConfig, startMotoServer, type MotoServer } from "./lib/moto-server";
import { createPatternProbe } from "./lib/pattern-probe";
import { startRecordingProxy } from "./lib/recording-proxy";

const REGIONS = ["us-east-1", "eu-west-1"];
const ACCOUNT_ALIAS = "demo-prod";
const RULE_NAME = "root-activity-monitor";
const started = Date.now();
const step = (text: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${text}`);

function missingPrerequisites(): string[] {
  const onPath = (command: string) => spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
  const missing: string[] = [];
  if (!onPath("moto_server")) missing.push("moto_server, the local AWS emulator: pip install 'moto[server]'");
  if (!onPath("terraform")) missing.push("terraform 1.10 or newer: https://developer.hashicorp.com/terraform/install");
  return missing;
}

/** A root console sign-in as CloudTrail records it, stamped with the current time. */
function simulatedRootSignIn() {
  const event = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "__tests__", "fixtures", "root-console-sign-in-success.json"), "utf8"));
  const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  event.time = now;
  event.detail.eventTime = now;
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

    step(`deploying to ${REGIONS.join(" and ")} with Terraform (about half a minute)`);
    deployment = await deployToEmulator({
      endpoint: moto.endpoint,
      workDir,
      regions: REGIONS,
      emails: ["security@example.com"],
      stateBucket: "root-monitor-demo-state",
      log: (line) => (line.startsWith("  ") && !/Creation complete|Apply complete/.test(line) ? undefined : step(line.trim())),
    });
    const outputs = await deployment.outputs();
    const region = "us-east-1";
    const topicArn = outputs[outputName("topic_arn", region)];

    step(`sending a simulated root console sign-in through the pattern of the rule deployed in ${region}`);
    const { EventPattern = "" } = await new EventBridgeClient(emulatorClientConfig(moto.endpoint, region)).send(new DescribeRuleCommand({ Name: RULE_NAME }));
    const probe = await createPatternProbe(moto.endpoint, region, EventPattern, "demo-probe");
    const signIn = simulatedRootSignIn();
    const [matched] = await probe.route([{ "detail-type": signIn["detail-type"], detail: signIn.detail }]);
    await probe.remove();
    if (!matched) throw new Error("the deployed rule's pattern did not match a root console sign-in");
    const arrived = probe.arrived[0];
    step(`the rule matched; handing event ${arrived.id} to the built handler (${path.relative(PROJECT_ROOT, bundle.outfile)})`);

    // SNS calls go through a recording proxy, so that the email can be shown exactly as sent.
    const proxy = await startRecordingProxy(moto.endpoint);
    const invocation = await invokeBundle(arrived, {
      ...EMULATOR_ENV,
      AWS_REGION: region,
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ENDPOINT_URL_SNS: proxy.endpoint,
      SNS_TOPIC_ARN: topicArn,
    });
    await proxy.close();
    if (!invocation.ok) throw new Error(`the handler failed: ${invocation.error?.message}`);
    for (const line of invocation.logs) step(`handler log: ${JSON.stringify(line)}`);
    step(`SNS accepted message ${invocation.result?.messageId} on ${topicArn}`);

    const [sent] = proxy.publishes;
    if (!sent?.message) throw new Error("the handler published nothing that the proxy saw");
    const email = JSON.parse(sent.message).default as string;
    console.log(`\n===== the email security@example.com would receive =====\nSubject: ${sent.subject}\n\n${email}===== end of email =====\n`);
  } finally {
    if (deployment) {
      step("destroying everything (about half a minute)");
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

main().catch((error: Error) => {
  console.error(`\ndemo failed: ${error.message}`);
  process.exitCode = 1;
});
