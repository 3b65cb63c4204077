import { InvalidSettingsError } from "../../src/settings/invalid-settings-error";
import { MIN_RUNS, parseBenchOptions } from "../../bench/options";

describe("parseBenchOptions (npm run bench's flags)", () => {
  it("runs only the quick sections when given no flags", () => {
    expect(parseBenchOptions([])).toEqual({ sections: ["synth", "cli", "bundle", "handler", "spray", "cost"], runs: MIN_RUNS });
  });

  it("runs the slow sections when asked for them, in the bench's order", () => {
    expect(parseBenchOptions(["--only", "suite,terraform"]).sections).toEqual(["terraform", "suite"]);
  });

  it("runs every section with --all", () => {
    expect(parseBenchOptions(["--all"]).sections).toEqual(["synth", "cli", "bundle", "handler", "spray", "cost", "terraform", "suite"]);
  });

  it("takes more runs per figure", () => {
    expect(parseBenchOptions(["--runs", "7"]).runs).toBe(7);
  });

  it("reports every bad flag at once, as invalid settings", () => {
    const parse = () => parseBenchOptions(["--only", "synth,foo", "--runs", "3", "--bogus"]);
    expect(parse).toThrow(InvalidSettingsError);
    expect(parse).toThrow(
      [
        "Invalid settings:",
        '  --only has the value "synth,foo": unknown foo. Allowed: a comma-separated list of synth, cli, bundle, handler, spray, cost, terraform, suite.',
        '  --runs has the value "3". Allowed: an integer of at least 5.',
        '  Unknown argument "--bogus". Allowed: --only <sections>, --all, --runs <n>.',
      ].join("\n"),
    );
  });

  it("refuses --all with --only, and a flag without its value", () => {
    expect(() => parseBenchOptions(["--all", "--only", "synth"])).toThrow("--all and --only cannot be given together.");
    expect(() => parseBenchOptions(["--only", "--all"])).toThrow("--only needs a value.");
  });
});
