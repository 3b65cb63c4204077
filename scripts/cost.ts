/**
 * `npm run cost`: the idle monthly cost of the stack that the current settings (cdktf.json and the
 * environment, as the app reads them) synthesize: KMS keys, alarms, and the empty receives with
 * which Lambda long-polls each buffer queue, priced from the price table (lib/idle-prices.ts) and
 * counted from the Terraform JSON. Synthesizes in memory: no credentials, no cdktf.out.
 *
 *   npm run cost
 *   ROOT_MONITOR_DELIVERY=central npm run cost
 */
import { commandSettings } from "./lib/commands";
import { costReport } from "./lib/cost-report";
import { idleCost } from "./lib/idle-cost";
import { runCommand } from "./lib/run-command";
import { synthesizeInMemory } from "./lib/synth-in-memory";

async function main(): Promise<void> {
  const settings = commandSettings(); // fails early, naming any bad setting
  console.log(costReport(idleCost(synthesizeInMemory(settings)), settings));
}

runCommand("cost", main);
