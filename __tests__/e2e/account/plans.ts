/**
 * Plans on the account deployment: none after apply but the emulator's respacing (and the state lock
 * held against a second plan), the summary of a plan that changes much, a dropped Region told in one
 * line, and the refusals: a destructive plan by npm run plan and by npm run deploy, and
 * --migrate-state onto the deployment's own state.
 */
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { ListSubscriptionsByTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { findTopicArn } from "../../../scripts/lib/commands";
import { terraform, terraformOk } from "../../../scripts/lib/terraform";
import { subscriptionId } from "../../../src/delivery/email-subscriptions";
import { STACK_NAME } from "../../../src/contract/names";
import { SETTING_DEFAULTS } from "../../../src/settings/settings-schema";
import { runPlanCommand, type PlanCommandResult } from "../../helpers/plan-command";
import { BUCKET, clientOf, EMAILS, outDirOf, REGIONS, runCommand, settingsOf, STATE_KEY, stateObjectsOf, type AccountDeployment, type CommandResult } from "./deployment";

export function describePlans(d: AccountDeployment): void {
  describeDrift(d);
  describe("with settings that change it", () => describeChangedSettings(d));
  describe("refused", () => describeRefusals(d));
}

function describeDrift(d: AccountDeployment): void {
  it("plans no changes after apply, but the emulator's respacing of each buffer's redrive policy; a second plan meanwhile is refused the state lock, and the state is left intact", async () => {
    const s3 = clientOf(d, S3Client, "us-east-1");
    const readState = async () =>
      (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: STATE_KEY }))).Body?.transformToString();
    const before = await readState();

    // One plan serves both checks: each plan costs half a minute of the suite's budget.
    // The emulator writes a queue's RedrivePolicy back as Python spaces it (`{"a": 1}`); AWS writes it
    // as it was sent, compactly, and the provider compares the text. Every other attribute must be unchanged.
    const first = terraform(["plan", "-input=false", "-lock=true", "-out=drift.tfplan"], d.terraform);
    const lockKey = `${STATE_KEY}.tflock`;
    const lockHeld = async () =>
      ((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).some((object) => object.Key === lockKey);
    const deadline = Date.now() + 30_000;
    while (!(await lockHeld())) {
      if (Date.now() > deadline) throw new Error("the first plan never took the lock");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const second = await terraform(["plan", "-input=false", "-lock-timeout=0s"], d.terraform);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain("Error acquiring the state lock");
    expect((await first).code).toBe(0);
    expect(await lockHeld()).toBe(false);
    expect(await readState()).toBe(before);

    const { resource_changes = [] } = JSON.parse((await terraformOk(["show", "-json", "drift.tfplan"], d.terraform)).stdout) as {
      resource_changes?: Array<{ address: string; change: { actions: string[]; before: Record<string, unknown>; after: Record<string, unknown> } }>;
    };
    const changed = resource_changes.filter((rc) => !rc.change.actions.every((action) => action === "no-op" || action === "read"));
    const sameJson = (a: unknown, b: unknown) => typeof a === "string" && typeof b === "string" && JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
    const differences = changed.map((rc) => ({
      address: rc.address,
      actions: rc.change.actions,
      attributes: Object.keys({ ...rc.change.before, ...rc.change.after }).filter((key) => JSON.stringify(rc.change.before?.[key]) !== JSON.stringify(rc.change.after?.[key])),
    }));
    // The trail, its bucket and the bucket's settings included: nothing of them drifts.
    expect(differences).toEqual(REGIONS.map(() => ({ address: expect.stringMatching(/^aws_sqs_queue\.[a-z0-9-]+_Buffer_Queue_/), actions: ["update"], attributes: ["redrive_policy"] })));
    for (const rc of changed) expect(sameJson(rc.change.before.redrive_policy, rc.change.after.redrive_policy)).toBe(true);
  });
}

/** npm run plan with settings that change the deployment. */
function describeChangedSettings(d: AccountDeployment): void {
  /** `npm run plan` against the deployment, with settings that change it (and without createTrail, which removes the trail). */
  const runPlan = (name: string, env: Record<string, string>) =>
    runPlanCommand(path.join(d.workDir, name), d.moto.endpoint, {
      ROOT_MONITOR_STATE_BUCKET: BUCKET,
      // Drop eu-west-1, add sa-east-1, lengthen the timeout, rename the topic.
      ROOT_MONITOR_REGIONS: "us-east-1,sa-east-1",
      ROOT_MONITOR_RETIRED_REGIONS: "eu-west-1",
      ROOT_MONITOR_EMAILS: EMAILS.join(","),
      ROOT_MONITOR_LAMBDA_TIMEOUT: "60",
      ROOT_MONITOR_TOPIC_NAME: "root-activity-alerts",
      ...env,
    });

  // Both plans start at once: each synthesizes and initialises a folder of its own, and Terraform's
  // state lock, waited for, takes their plans in turn. The refusal is awaited by its test.
  let allowed: Promise<PlanCommandResult>;
  let notRetired: Promise<string>;
  beforeAll(() => {
    allowed = runPlan("plan-allowed", { ROOT_MONITOR_ALLOW_DESTRUCTIVE: "true" });
    allowed.catch(() => undefined);
    notRetired = runPlan("plan-not-retired", { ROOT_MONITOR_RETIRED_REGIONS: "" }).then(
      () => "npm run plan succeeded",
      (error: Error) => error.message,
    );
  });

  // Refusing such a plan (exit 3) is describeRefusals' below; here the plan is let through, and summarized.
  it("summarizes a plan that adds, changes, replaces and destroys, per Region (never an unknown one), and lets it through when destruction is explicitly allowed", async () => {
    const plan = await allowed;
    expect(plan.code).toBe(0);
    expect(plan.stdout).toBe(plan.markdown + "\n");
    // Every row of the table: the lines after its header and separator, up to the first blank line.
    const table = plan.markdown.split("| Region | add | change | replace | destroy |\n|---|---:|---:|---:|---:|\n")[1].split("\n\n")[0].split("\n").filter(Boolean);
    const rows = Object.fromEntries(
      table.map((line) => line.split("|").map((cell) => cell.trim()).filter(Boolean)).map(([region, ...counts]) => [region, counts.map(Number)]),
    );
    // [add, change, replace, destroy]
    // A Region's delivery (21 resources, its self-check's schedule and target, the two alarms on its silence and
    // the table's resource policy included), its rule (6) and tamper rule (3: the rule, its buffer and its direct
    // topic target), and one subscription per address.
    const PER_REGION = 30 + EMAILS.length;
    expect(Object.keys(rows).sort()).toEqual(["eu-west-1", "sa-east-1", "us-east-1"]);
    expect(rows["sa-east-1"]).toEqual([PER_REGION, 0, 0, 0]);
    expect(rows["eu-west-1"]).toEqual([0, 0, 0, PER_REGION]);
    expect(rows["us-east-1"][1]).toBeGreaterThanOrEqual(1); // the function's timeout, the topic's dependents
    expect(rows["us-east-1"][2]).toBeGreaterThanOrEqual(1); // the renamed topic
    // The trail, its bucket and the bucket's policy, public access block, encryption and versioning.
    expect(rows["us-east-1"][3]).toBe(6);
    expect(plan.markdown).toMatch(/\*\*Replaced:\*\*\n(- `[^`]+`\n)*- `aws_sns_topic\.us-east-1_Topic_[^`]+`/);
    expect(plan.markdown).toContain("- replaces aws_sns_topic.us-east-1_Topic_");
    expect(plan.markdown).toContain("- destroys aws_lambda_function.eu-west-1_Function_");
    expect(plan.markdown).toContain("- destroys aws_cloudtrail.management-trail_Trail_");
    expect(plan.markdown).toContain("- destroys aws_s3_bucket.management-trail_Bucket_");
    expect(plan.markdown).toContain("- destroys aws_kms_key.eu-west-1_TopicKey_");
    expect(plan.markdown).toContain("**Blocked:**");
  });

  // Issue 21, item 6: Terraform prints one "Provider configuration not present" block per resource of the
  // dropped Region (here 33); the one line that says what to do comes alone.
  it("tells a Region dropped from regions, without retiredRegions, in one line naming the setting, and none of Terraform's text", async () => {
    const told = (await notRetired)
      .replace(/^npm run plan failed \(\d+\): /, "")
      .split("\n")
      .filter((line) => line.trim() !== "" && !/^\[\s*[\d.]+s\] /.test(line));
    expect(told).toEqual([
      'plan failed: a Region was removed from "regions" while it still has resources (eu-west-1): set ROOT_MONITOR_RETIRED_REGIONS=eu-west-1 (or retiredRegions in cdktf.json) for the plan and apply that destroy them, then clear it.',
    ]);
  });
}

/** What npm run plan, deploy and plan --migrate-state refuse on the deployment, leaving it as it is. */
function describeRefusals(d: AccountDeployment): void {
  const MOVED_BUCKET = "operator-test-state-moved";
  // For --migrate-state: a stack folder Terraform last initialised on another bucket, as a first plan
  // there leaves it. Made while the refusals below run: another bucket, so no lock is shared.
  const migrateFrom = () => ({ ROOT_MONITOR_REGIONS: "us-east-1", HOME: d.workDir, CDKTF_OUTDIR: path.join(d.workDir, "migrate-from") });
  let firstPlanElsewhere: Promise<CommandResult>;
  beforeAll(async () => {
    await clientOf(d, S3Client, "us-east-1").send(new CreateBucketCommand({ Bucket: MOVED_BUCKET }));
    firstPlanElsewhere = runCommand(d, "plan", [], { ...migrateFrom(), ROOT_MONITOR_STATE_BUCKET: MOVED_BUCKET });
  });

  it("npm run plan without the first address destroys that one subscription, replaces nothing, and refuses", async () => {
    const markdownFile = path.join(d.workDir, "plan-summary.md");
    const plan = await runCommand(d, "plan", ["--markdown", markdownFile], { ...settingsOf(d), ROOT_MONITOR_EMAILS: EMAILS.slice(1).join(","), CDKTF_OUTDIR: outDirOf(d) });
    expect({ code: plan.code, stderr: plan.stderr }).toEqual({ code: 3, stderr: expect.stringContaining("Refusing: the plan destroys aws_sns_topic_subscription.") });
    // The refused deploy and the one that ran left no lock behind: no force-unlock was needed.
    expect(plan.stderr).not.toContain("Error acquiring the state lock");
    // No plan file the README's apply step would apply: the refused plan is kept under another name.
    const planDir = path.join(outDirOf(d), "stacks", STACK_NAME);
    expect([existsSync(path.join(planDir, "plan.tfplan")), existsSync(path.join(planDir, "plan.refused.tfplan"))]).toEqual([false, true]);
    expect(plan.stderr).toContain("plan.refused.tfplan, to read with terraform show, not to apply");

    const markdown = readFileSync(markdownFile, "utf8");
    // [add, change, replace, destroy], in each Region. The one change is the emulator's respacing of
    // the buffer's redrive policy (see the drift plan); on AWS the row reads 0 | 0 | 0 | 1.
    for (const region of REGIONS) expect(markdown).toMatch(new RegExp(`^\\| ${region} \\| 0 \\| [01] \\| 0 \\| 1 \\|$`, "m"));
    expect(markdown).not.toContain("**Replaced:**");
    const destroyed = markdown.split("**Destroyed:**\n")[1]?.split("\n\n")[0].split("\n").filter(Boolean);
    expect(destroyed).toEqual(REGIONS.map(() => expect.stringMatching(/^- `aws_sns_topic_subscription\.[^`]+`$/)));
    for (const line of destroyed ?? []) expect(line).toContain(subscriptionId(EMAILS[0]));
  }, 180_000);

  // Issue 21, item 3: cdktf deploy --auto-approve applied what plan refused, silently.
  it("npm run deploy -- --auto-approve refuses the same plan the same way, and applies nothing", async () => {
    const deploy = await runCommand(d, "deploy", ["--auto-approve", "--output", outDirOf(d)], { ...settingsOf(d), ROOT_MONITOR_EMAILS: EMAILS.slice(1).join(",") });
    expect({ code: deploy.code, stderr: deploy.stderr }).toEqual({ code: 3, stderr: expect.stringContaining("Refusing: the plan destroys aws_sns_topic_subscription.") });
    expect(deploy.stderr).toContain("Set ROOT_MONITOR_ALLOW_DESTRUCTIVE=true or pass --allow-destructive if that is intended.");
    expect(deploy.stderr).not.toContain("terraform apply");
    const sns = clientOf(d, SNSClient, "us-east-1");
    const { Subscriptions = [] } = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: await findTopicArn(sns, SETTING_DEFAULTS.topicName) }));
    expect(Subscriptions.map((subscription) => subscription.Endpoint).sort()).toEqual([...EMAILS].sort());
    expect(existsSync(path.join(outDirOf(d), "stacks", STACK_NAME, "plan.tfplan"))).toBe(false);
  }, 180_000);

  // Issue 21, item 2: terraform init -migrate-state -force-copy overwrites a state at the new location without asking.
  it("npm run plan -- --migrate-state refuses to copy a state onto this deployment's, and leaves it as it is", async () => {
    expect((await firstPlanElsewhere).code).toBe(0);
    const stateBefore = await stateObjectsOf(d);
    const migrate = await runCommand(d, "plan", ["--migrate-state"], migrateFrom());
    expect(migrate.code).toBe(2);
    expect(migrate.stderr).toMatch(
      new RegExp(
        `^--migrate-state: refused: the new backend already holds a state, s3://${BUCKET}/root-activity-monitor/terraform\\.tfstate in us-east-1, at the endpoint ${d.moto.endpoint.replace(/[.]/g, "\\.")}, recording [1-9]\\d* resource\\(s\\); `,
        "m",
      ),
    );
    expect(migrate.stderr).toContain("Nothing was copied or changed. If that state is the one to use, run npm run plan -- --reconfigure;");
    expect(await stateObjectsOf(d)).toEqual(stateBefore);
    expect(await findTopicArn(clientOf(d, SNSClient, "us-east-1"), SETTING_DEFAULTS.topicName)).toBeDefined();
  }, 180_000);
}
