/**
 * Subscriptions identified by address, with real Terraform on the emulator: a deployment made by the
 * earlier version (numbered subscriptions) is taken over without a replacement.
 *
 * To stay fast, Terraform gets the synthesized stack's topic and subscriptions only (with their
 * `moved` blocks), in a local state: the part this behaviour lives in, as the app wrote it.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { isolatedEnv, synthForEmulator } from "../../emulator/emulator-deployment";
import { EMULATOR_ENV, startMotoServer, type MotoServer } from "../../emulator/moto-server";
import { summarizePlan } from "../../scripts/lib/plan-summary";
import { regionsInState } from "../../scripts/lib/state-regions";
import { terraformEnvironment } from "../../scripts/lib/terraform-cli-config";
import { terraformOk, type TerraformRun } from "../../scripts/lib/terraform";

jest.setTimeout(120_000);

const REGION = "us-east-1";
const [A, B, C] = ["first@example.com", "second@example.com", "third@example.com"];


type StackJson = {
  terraform: Record<string, unknown>;
  provider: unknown;
  resource: Record<string, Record<string, Record<string, unknown>>>;
  moved?: Array<{ from: string; to: string }>;
};

interface PlanJson {
  resource_changes: Array<{ address: string; type: string; previous_address?: string; change: { actions: string[] } }>;
}

describe("subscriptions identified by address, on the emulator", () => {
  let moto: MotoServer;
  let workDir: string;
  let run: TerraformRun;

  beforeAll(async () => {
    moto = await startMotoServer();
    workDir = mkdtempSync(path.join(tmpdir(), "root-monitor-subscriptions-"));
    const tfDir = path.join(workDir, "terraform");
    run = { cwd: tfDir, env: { ...terraformEnvironment(path.join(workDir, "terraform-cli"), isolatedEnv()), ...EMULATOR_ENV } };
    mkdirSync(tfDir);
  });

  afterAll(async () => {
    await moto?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  /** The app's topic and subscriptions for these addresses, with their moved blocks, in a local state. */
  async function synthesizedSubscriptions(emails: string[]): Promise<StackJson> {
    const synthDir = mkdtempSync(path.join(workDir, "synth-"));
    const stackDir = await synthForEmulator({ endpoint: moto.endpoint, workDir: synthDir, regions: [REGION], emails });
    const stack = JSON.parse(readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")) as StackJson;
    const topics = stack.resource.aws_sns_topic;
    // Unencrypted here: the key is not part of this behaviour.
    const topic = Object.fromEntries(Object.entries(topics).map(([name, { kms_master_key_id: _key, ...rest }]) => [name, rest]));
    const { backend: _s3, ...terraform } = stack.terraform;
    const moved = stack.moved?.filter((block) => block.to.startsWith("aws_sns_topic_subscription."));
    return { terraform, provider: stack.provider, resource: { aws_sns_topic: topic, aws_sns_topic_subscription: stack.resource.aws_sns_topic_subscription }, moved };
  }

  /** The same configuration as the earlier version wrote it: subscriptions at their numbered addresses, no moves. */
  function asEarlierVersion(current: StackJson): StackJson {
    const numbered = new Map((current.moved ?? []).map((move) => [move.to.split(".")[1], move.from.split(".")[1]]));
    const subscriptions = Object.fromEntries(Object.entries(current.resource.aws_sns_topic_subscription).map(([name, resource]) => [numbered.get(name) ?? name, resource]));
    return { terraform: current.terraform, provider: current.provider, resource: { ...current.resource, aws_sns_topic_subscription: subscriptions } };
  }

  const write = (json: StackJson) => writeFileSync(path.join(run.cwd, "main.tf.json"), JSON.stringify(json, null, 2));

  async function plan(): Promise<PlanJson> {
    await terraformOk(["plan", "-input=false", "-out=plan.tfplan"], run);
    return JSON.parse((await terraformOk(["show", "-json", "plan.tfplan"], run)).stdout) as PlanJson;
  }

  it("takes over a deployment of numbered subscriptions without replacing one", async () => {
    const current = await synthesizedSubscriptions([A, B, C]);
    expect(current.moved).toHaveLength(3);

    write(asEarlierVersion(current));
    await terraformOk(["init", "-input=false"], run);
    await terraformOk(["apply", "-auto-approve", "-input=false"], run);

    write(current);
    const takeover = await plan();
    const subscriptions = takeover.resource_changes.filter((change) => change.type === "aws_sns_topic_subscription");
    expect(subscriptions.map((change) => change.change.actions)).toEqual([["no-op"], ["no-op"], ["no-op"]]);
    expect(subscriptions.map((change) => change.previous_address).sort()).toEqual((current.moved ?? []).map((move) => move.from).sort());
    expect(summarizePlan(takeover, regionsInState((await terraformOk(["state", "pull"], run)).stdout))).toMatchObject({ noChanges: true, blocking: [] });
    // Removing an address afterwards destroys exactly its subscription: __tests__/e2e/account/plans.ts (on the account deployment).
    // Nothing to destroy here: the state is local to workDir and the emulator stops.
  });
});
