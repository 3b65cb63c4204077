/** The options plan, deploy and destroy take, checked before anything runs (scripts/lib/command-options.ts). */
import { unknownOptionProblem } from "../../scripts/lib/command-options";
import { commandOutDir, flagValue } from "../../scripts/lib/commands";

describe("the options of the commands that run Terraform", () => {
  it("lets each command's own options through, with or without =", () => {
    expect(unknownOptionProblem("plan", ["--markdown", "summary.md", "--allow-destructive", "--output=out", "--reconfigure"])).toBeUndefined();
    expect(unknownOptionProblem("deploy", ["--auto-approve", "--allow-destructive", "--output", "out", "--migrate-state"])).toBeUndefined();
    expect(unknownOptionProblem("destroy", ["--auto-approve", "--output", "out"])).toBeUndefined();
  });

  it("refuses an option another command takes, naming what this one takes", () => {
    expect(unknownOptionProblem("destroy", ["--allow-destructive"])).toBe(
      "npm run destroy does not take --allow-destructive. Allowed: --auto-approve, --output <folder>, --reconfigure, --migrate-state. It runs Terraform itself: options of cdktf are not passed on.",
    );
    expect(unknownOptionProblem("plan", ["--auto-approve"])).toMatch(/^npm run plan does not take --auto-approve\. Allowed: --markdown <file>, --allow-destructive, --output <folder>, /);
  });

  it("refuses cdktf's options, a missing value, a value given to a flag, and a stray word", () => {
    expect(unknownOptionProblem("deploy", ["--var", "x=1"])).toMatch(/^npm run deploy does not take --var\. /);
    expect(unknownOptionProblem("deploy", ["--output"])).toMatch(/^npm run deploy needs a value after --output\. /);
    expect(unknownOptionProblem("deploy", ["--auto-approve=yes"])).toMatch(/^npm run deploy takes no value after --auto-approve\. /);
    expect(unknownOptionProblem("destroy", ["yes"])).toMatch(/^npm run destroy does not take yes\. /);
  });

  it("reads --output as cdktf writes it, either way", () => {
    expect(flagValue(["--output=a/b"], "--output")).toBe("a/b");
    expect(flagValue(["--output", "a/b"], "--output")).toBe("a/b");
    expect(commandOutDir(["--output=/tmp/x"], {})).toBe("/tmp/x");
  });
});
