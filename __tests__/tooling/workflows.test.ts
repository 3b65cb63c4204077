import { validateWorkflow } from "@action-validator/core";
import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

const WORKFLOWS = path.join(__dirname, "..", "..", ".github", "workflows");
const read = (file: string) => readFileSync(path.join(WORKFLOWS, file), "utf8");

describe("GitHub workflows", () => {
  it.each(readdirSync(WORKFLOWS))("%s is valid against the workflow schema", (file) => {
    expect(validateWorkflow(read(file)).errors).toEqual([]);
  });

  it("the validator rejects a broken workflow", () => {
    expect(validateWorkflow("on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps: 42\n").errors.length).toBeGreaterThan(0);
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
