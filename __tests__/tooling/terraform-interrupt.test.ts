/**
 * Issue 21, item 1: whatever stops a command while Terraform runs, Terraform stops gracefully (it
 * releases the state lock on SIGINT) before the command ends. Shown with a stand-in `terraform` on
 * the PATH that, like Terraform, finishes its work when interrupted, and says so in a file.
 */
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../src/project-root";

const TSX = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx");
const dir = mkdtempSync(path.join(tmpdir(), "terraform-interrupt-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Says it started, then waits; on SIGINT it takes a moment (as Terraform does to release its lock), notes the signal count, and exits 1.
writeFileSync(
  path.join(dir, "terraform"),
  `#!/usr/bin/env bash
interrupts=0
trap 'interrupts=$((interrupts+1)); sleep 1; echo "$interrupts" > "$STOPPED_FILE"; exit 1' INT
echo "started"
for i in $(seq 1 300); do sleep 0.1; done
echo "never interrupted" > "$STOPPED_FILE"
`,
);
chmodSync(path.join(dir, "terraform"), 0o755);

const DRIVER = [
  'import { terraform } from "./scripts/lib/terraform";',
  'import { runCommand } from "./scripts/lib/run-command";',
  'runCommand("apply", async () => { await terraform(["apply"], { cwd: ".", env: process.env, onLine: (line) => console.log(line) }); return 0; });',
].join("\n");

/** Runs the driver, sends `signal` (to its process group when `group`) once the stand-in has started, and resolves with what it printed and its exit. */
function interruptedRun(name: string, signal: NodeJS.Signals, group: boolean): Promise<{ code: number | null; output: string; stopped: string }> {
  const stoppedFile = path.join(dir, `${name}.stopped`);
  return new Promise((resolve) => {
    const child = spawn(TSX, ["-e", DRIVER], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, PATH: `${dir}${path.delimiter}${process.env.PATH}`, STOPPED_FILE: stoppedFile },
      detached: true,
    });
    let output = "";
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("started") && !output.includes("(sent)")) {
        output += "(sent)";
        if (group && child.pid) process.kill(-child.pid, signal);
        else child.kill(signal);
      }
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.once("close", (code) => resolve({ code, output, stopped: existsSync(stoppedFile) ? readFileSync(stoppedFile, "utf8").trim() : "" }));
  });
}

describe("a command interrupted while Terraform runs", () => {
  it("on Ctrl-C (SIGINT to the whole process group) waits for Terraform to stop after its one interrupt, then ends in one line", async () => {
    const { code, output, stopped } = await interruptedRun("ctrl-c", "SIGINT", true);
    expect(stopped).toBe("1");
    expect(code).toBe(1);
    expect(output).toContain(
      "apply failed: interrupted (SIGINT) during terraform apply: Terraform stopped gracefully (exit 1), releasing its state lock. Run npm run plan to see where things stand.",
    );
  }, 60_000);

  it("on SIGTERM to the command alone (CI cancelling a job) passes Terraform one interrupt and waits for it", async () => {
    const { code, output, stopped } = await interruptedRun("sigterm", "SIGTERM", false);
    expect(stopped).toBe("1");
    expect(code).toBe(1);
    expect(output).toContain("apply failed: interrupted (SIGTERM) during terraform apply: Terraform stopped gracefully (exit 1)");
  }, 60_000);
});
