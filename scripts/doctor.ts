/**
 * `npm run doctor`: with the deployer's credentials, checks and explains, per Region, whether the
 * monitor can see root activity and tell someone: a CloudTrail trail logging management events, the
 * rule enabled and targeting the buffer queue (with central delivery: the central bus, whose own rule
 * targets the buffer), the buffer's event source mapping to the function enabled, subscriptions
 * confirmed, the function's recent errors, the age of the buffer's oldest event, every dead-letter
 * queue (the rules' and the buffer's unprocessed queue) empty, the daily self-check scheduled, and
 * with scope = organization every member account's spoke in every Region.
 * Exits 1 on anything that means a root action would go unreported (the checks: lib/doctor-checks.ts,
 * most of them the function's own self-check's, handler/self-check/).
 */
import { commandSettings, flagValue } from "./lib/commands";
import { checkOrganization, checkRegion, type Finding } from "./lib/doctor-checks";
import { runCommand } from "./lib/run-command";

const MARK = { ok: "ok  ", warn: "WARN", fail: "FAIL" } as const;

async function main(argv: readonly string[]): Promise<number> {
  const settings = commandSettings();
  const only = flagValue(argv, "--region");
  const regions = only && only !== "all" ? [only] : settings.regions;
  const findings: Finding[] = [];
  // With scope = organization: the member accounts' spokes, told under each Region beside its own checks.
  const spokes = await checkOrganization(settings);
  for (const region of regions) {
    console.log(`${region}`);
    for (const finding of [...(await checkRegion(settings, region)), ...spokes.filter((spoke) => spoke.region === region)]) {
      findings.push(finding);
      console.log(`  ${MARK[finding.level]} ${finding.check}: ${finding.message}`);
    }
  }
  // Problems the spokes' check found beyond these Regions (left out with --region, or no longer in
  // the settings) are never dropped: they are told, and counted, after the Regions asked for.
  const elsewhere = spokes.filter((spoke) => !regions.includes(spoke.region) && spoke.level !== "ok");
  if (elsewhere.length > 0) {
    console.log("organization, other Regions");
    for (const finding of elsewhere) {
      findings.push(finding);
      console.log(`  ${MARK[finding.level]} ${finding.check} (${finding.region}): ${finding.message}`);
    }
  }
  const failures = findings.filter((finding) => finding.level === "fail");
  const warnings = findings.filter((finding) => finding.level === "warn");
  console.log(
    failures.length > 0
      ? `\n${failures.length} problem(s) mean a root action would go unreported (${[...new Set(failures.map((f) => f.region))].join(", ")}). Fix them first.`
      : `\nThe monitor can see and tell in ${regions.length} Region(s)${warnings.length ? `, with ${warnings.length} warning(s)` : ""}.`,
  );
  return failures.length > 0 ? 1 : 0;
}

// 2, not 1: "could not check" differs from "checked, and a root action would go unreported".
runCommand("doctor", () => main(process.argv.slice(2)), 2);
