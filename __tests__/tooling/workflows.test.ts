import { validateWorkflow } from "@action-validator/core";
import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

const WORKFLOWS = path.join(__dirname, "..", "..", ".github", "workflows");
const read = (file: string) => readFileSync(path.join(WORKFLOWS, file), "utf8");

/** A job's steps: an action as `owner/name` (without its pinned commit), a command as its text. */
function stepsOf(file: string, job: string): string[] {
  const steps = parse(read(file)).jobs[job].steps as Array<{ uses?: string; run?: string }>;
  return steps.map((step) => (step.uses ? step.uses.split("@")[0] : (step.run ?? "").trim()));
}

describe("GitHub workflows", () => {
  it.each(readdirSync(WORKFLOWS))("%s is valid against the workflow schema", (file) => {
    expect(validateWorkflow(read(file)).errors).toEqual([]);
  });

  // What each job does, step by step: an action by its name, a command by its text. A step dropped,
  // reordered or changed (the tests run after the credentials, a plan before the apply) fails here.
  it("runs, on a pull request, the tests before any AWS credentials exist, then the plan, and posts and keeps its summary", () => {
    expect(stepsOf("plan.yml", "plan")).toEqual([
      "actions/checkout",
      "actions/setup-node",
      "hashicorp/setup-terraform",
      "pip install 'moto[server]==5.2.1'",
      "npm ci",
      "npm test",
      "aws-actions/configure-aws-credentials",
      "npm run plan -- --markdown plan-summary.md",
      "actions/github-script",
      "actions/upload-artifact",
    ]);
  });

  it("plans on main, then applies in a job of its own exactly the plan it downloaded, never planning again", () => {
    expect(stepsOf("apply.yml", "plan")).toEqual([
      "actions/checkout",
      "actions/setup-node",
      "hashicorp/setup-terraform",
      "npm ci",
      "aws-actions/configure-aws-credentials",
      "npm run plan -- --markdown plan-summary.md",
      'cat plan-summary.md >> "$GITHUB_STEP_SUMMARY"',
      "actions/upload-artifact",
    ]);
    expect(stepsOf("apply.yml", "apply")).toEqual([
      "hashicorp/setup-terraform",
      "actions/download-artifact",
      "aws-actions/configure-aws-credentials",
      "terraform init -input=false\nterraform apply -input=false plan.tfplan",
    ]);
  });

  it("hands the apply job the stack folder npm run plan writes its plan into, and the pull request the plan file and summary", () => {
    const upload = (file: string, job: string) =>
      (parse(read(file)).jobs[job].steps as Array<{ uses?: string; with?: { path: string } }>).find((step) => step.uses?.startsWith("actions/upload-artifact@"))?.with?.path.trim().split("\n");
    expect(upload("apply.yml", "plan")).toEqual(["cdktf.out/stacks/root-activity-monitor", "!cdktf.out/stacks/root-activity-monitor/.terraform"]);
    expect(upload("plan.yml", "plan")).toEqual(["cdktf.out/stacks/root-activity-monitor/plan.tfplan", "plan-summary.md"]);
  });

  it.each(readdirSync(WORKFLOWS))("%s pins every action to a full commit", (file) => {
    const uses = [...read(file).matchAll(/uses:\s*(\S+)/g)].map((match) => match[1]);
    expect(uses.length).toBeGreaterThan(0);
    for (const action of uses) expect(action).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
  });

  it("plans pull requests with OIDC credentials from a repository variable, no stored keys", () => {
    const text = read("plan.yml");
    const workflow = parse(text);
    expect(workflow.permissions).toMatchObject({ "id-token": "write", "pull-requests": "write" });
    expect(text).toContain("role-to-assume: ${{ vars.PLAN_ROLE_ARN }}");
    expect(text).not.toMatch(/aws-access-key-id|aws-secret-access-key|secrets\.AWS/);
    const steps = workflow.jobs.plan.steps.map((step: { run?: string }) => step.run).filter(Boolean);
    expect(steps).toEqual(expect.arrayContaining(["npm ci", "npm test", "npm run plan -- --markdown plan-summary.md"]));
  });

  it("pins Terraform and turns off its wrapper so that show -json stays machine-readable", () => {
    for (const file of ["plan.yml", "apply.yml"]) {
      const jobs = Object.values(parse(read(file)).jobs) as Array<{ steps: Array<{ uses?: string; with?: Record<string, unknown> }> }>;
      const setups = jobs.flatMap((job) => job.steps).filter((step) => step.uses?.startsWith("hashicorp/setup-terraform@"));
      expect(setups.length).toBeGreaterThan(0);
      for (const setup of setups) expect(setup.with).toEqual({ terraform_version: "1.11.4", terraform_wrapper: false });
    }
  });

  it("applies on main only behind the protected environment, and applies the saved plan", () => {
    const workflow = parse(read("apply.yml"));
    expect(workflow.on).toEqual({ push: { branches: ["main"] } });
    expect(workflow.jobs.apply.environment).toBe("production");
    expect(workflow.jobs.apply.needs).toBe("plan");
    const run = workflow.jobs.apply.steps.map((step: { run?: string }) => step.run ?? "").join("\n");
    expect(run).toContain("terraform apply -input=false plan.tfplan");
    expect(run).not.toMatch(/terraform plan|auto-approve/);
  });
});
