/**
 * `terraform plan` after apply, against the emulator: 17 Regions against 1, with regional and with
 * central delivery, and the organization hub (scope organization: central delivery, the stack set and
 * its instances, the organization read at plan time); wall time and the peak memory of Terraform with
 * its provider processes (one per aliased provider, in every mode). Slow: four deployments and twenty
 * plans, about an hour here.
 */
import * as path from "node:path";
import { DEFAULT_REGIONS } from "../../src/regions";
import { createEmulatedOrganization } from "../lib/emulated-organization";
import { deployToEmulator } from "../lib/emulator-deployment";
import { startMotoServer } from "../lib/moto-server";
import type { BenchContext } from "./context";
import { fmtMib, fmtS, mibOf, msOf, progress } from "./figures";
import { runProcess, type ProcessRun } from "./measure";

export async function benchTerraform({ work, runs: RUNS, record }: BenchContext): Promise<void> {
  const moto = await startMotoServer();
  try {
    const planFor = async (label: string, regions: readonly string[], settings: Record<string, string> = {}) => {
      progress(`terraform: apply ${regions.length} Region(s) to the emulator, then plan ${RUNS} times`);
      const deployment = await deployToEmulator({
        endpoint: moto.endpoint,
        workDir: path.join(work, `terraform-${label}`),
        regions,
        emails: ["security@example.com"],
        stateBucket: `bench-state-${label}`,
        settings,
      });
      try {
        const runs: ProcessRun[] = [];
        for (let i = 0; i < RUNS; i++) {
          // Exit code 2 (changes): the emulator respaces each buffer queue's redrive policy, which the
          // plan shows as an update (see the deploy test); the time and memory of the plan are the same.
          runs.push(
            await runProcess("terraform", ["plan", "-detailed-exitcode", "-input=false", "-no-color", "-lock=false"], { cwd: deployment.stackDir, env: deployment.terraformEnv, okCodes: [0, 2] }),
          );
        }
        return runs;
      } finally {
        await deployment.destroy();
      }
    };
    const one = await planFor("one", ["us-east-1"]);
    const all = await planFor("all", DEFAULT_REGIONS);
    const central = await planFor("central", DEFAULT_REGIONS, { ROOT_MONITOR_DELIVERY: "central" });
    const [centralMs, centralMib] = [msOf(central), mibOf(central)];
    // The organization of the README's quick start, with two member accounts in the unit: 34 stack instances.
    const organization = await createEmulatedOrganization({ endpoint: moto.endpoint, region: "us-east-1", unitAccounts: ["payments-prod", "data-dev"] });
    const hub = await planFor("organization", DEFAULT_REGIONS, { ROOT_MONITOR_SCOPE: "organization", ROOT_MONITOR_ORGANIZATIONAL_UNIT_IDS: organization.unitId });
    const [hubMs, hubMib] = [msOf(hub), mibOf(hub)];
    const [oneMs, allMs, oneMib, allMib] = [msOf(one), msOf(all), mibOf(one), mibOf(all)];
    const perRegionMs = (allMs.median - oneMs.median) / (DEFAULT_REGIONS.length - 1);
    const perRegionMib = (allMib.median - oneMib.median) / (DEFAULT_REGIONS.length - 1);
    record({
      section: "terraform",
      name: "`terraform plan` after apply, 17 Regions (emulator): wall time",
      value: fmtS(allMs),
      floor: `${fmtS(oneMs)}, 1 Region`,
      target: `reported: ${(perRegionMs / 1000).toFixed(1)} s per extra Region`,
      data: { all: allMs, one: oneMs, perRegionMs },
    });
    record({
      section: "terraform",
      name: "`terraform plan`, 17 Regions: peak memory of Terraform and its providers",
      value: fmtMib(allMib),
      floor: `${fmtMib(oneMib)}, 1 Region`,
      target: `reported: ${perRegionMib.toFixed(0)} MiB per extra Region`,
      data: { all: allMib, one: oneMib, perRegionMib },
    });
    record({
      section: "terraform",
      name: "`terraform plan` after apply, 17 Regions, central delivery (emulator): wall time",
      value: fmtS(centralMs),
      floor: `${fmtS(oneMs)}, 1 Region`,
      target: `reported: regional delivery takes ${fmtS(allMs)}`,
      data: { central: centralMs },
    });
    record({
      section: "terraform",
      name: "`terraform plan`, 17 Regions, central delivery: peak memory of Terraform and its providers",
      value: fmtMib(centralMib),
      floor: `${fmtMib(oneMib)}, 1 Region`,
      target: `reported: regional delivery takes ${fmtMib(allMib)} (a provider process per Region in either mode)`,
      data: { central: centralMib },
    });
    record({
      section: "terraform",
      name: "`terraform plan` after apply, 17 Regions, organization hub with 2 member accounts (emulator): wall time",
      value: fmtS(hubMs),
      floor: `${fmtS(oneMs)}, 1 Region`,
      target: `reported: account scope (central delivery) takes ${fmtS(centralMs)}`,
      data: { organization: hubMs },
    });
    record({
      section: "terraform",
      name: "`terraform plan`, 17 Regions, organization hub: peak memory of Terraform and its providers",
      value: fmtMib(hubMib),
      floor: `${fmtMib(oneMib)}, 1 Region`,
      target: `reported: account scope (central delivery) takes ${fmtMib(centralMib)}`,
      data: { organization: hubMib },
    });
  } finally {
    await moto.stop();
  }
}
