/**
 * `npm run cost` as a person runs it: the settings from cdktf.json and the environment, the stack
 * synthesized in memory without credentials, and the total of exactly that stack printed.
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { commandSettings } from "../../scripts/lib/commands";
import { costReport, totalLine, usd } from "../../scripts/lib/cost-report";
import { idleCost } from "../../scripts/lib/idle-cost";
import { isolatedEnv } from "../../emulator/emulator-deployment";
import { PROJECT_ROOT } from "../../src/project-root";
import { synthStack, testSettings } from "../helpers/synth";

const TIMEOUT = 60_000;

const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("the cost report", () => {
  const settings = testSettings({ regions: ["us-east-1", "eu-west-1"] });
  const cost = idleCost(synthStack(settings));
  const report = costReport(cost, settings);

  it("prints every line item with its monthly figure, and the total", () => {
    for (const line of cost.lines) expect(report).toMatch(new RegExp(`^${literally(line.item)} .* ${literally(usd(line.monthly))}$`, "m"));
    expect(report).toContain(totalLine(cost));
  });

  it("prints the total after the keys' rotations, the free tiers' share and the polling assumption", () => {
    expect(report).toContain(usd(cost.totalAfterRotations));
    expect(report).toContain(usd(cost.freeTierAtMost));
    expect(report).toMatch(/Polling, assumed: .*empty receives a month per queue/);
  });

  it("warns of nothing it could not price, and names what it left out when there is something", () => {
    expect(report).not.toContain("NOT PRICED");
    const withUnknown = idleCost({ resource: { aws_nat_gateway: { nat: {} } } });
    expect(costReport(withUnknown, settings)).toMatch(/NOT PRICED[^\n]*\n {2}1 aws_nat_gateway: not in the price table/);
  });
});

describe("npm run cost", () => {
  // The caller's AWS and monitor settings would change the stack; the test chooses its own.
  const env = { ...isolatedEnv(), AWS_EC2_METADATA_DISABLED: "true", ROOT_MONITOR_DELIVERY: "central", ROOT_MONITOR_REGIONS: "us-east-1,eu-west-1,ap-southeast-2" };

  it("prints the idle total of the stack the current settings synthesize, without AWS credentials", async () => {
    const { stdout } = await promisify(execFile)(path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx"), ["scripts/cost.ts"], { cwd: PROJECT_ROOT, env });
    const expected = idleCost(synthStack(commandSettings(env)));
    expect(stdout).toContain("central delivery, 3 Region(s)");
    expect(stdout).toContain(totalLine(expected));
  }, TIMEOUT);
});
