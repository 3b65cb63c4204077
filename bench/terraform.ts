/**
 * `terraform plan` after apply, against the emulator: 17 Regions against 1, with regional and with
 * central delivery, and the organization hub (scope organization: central delivery, the stack set and
 * its instances, the organization read at plan time); wall time and the peak memory of Terraform with
 * its provider processes (one per aliased provider, in every mode). Slow: four deployments and twenty
 * plans, about an hour here.
 */
import * as path from "node:path";
import { DEFAULT_REGIONS } from "../src/contract/regions";
import { createEmulatedOrganization } from "../emulator/emulated-organization";
import { deployToEmulator } from "../emulator/emulator-deployment";
import { startMotoServer } from "../emulator/moto-server";
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
    // The organization of the README's quick start, with two member accounts in the unit: 34 stack instances.
    const organization = await createEmulatedOrganization({ endpoint: moto.endpoint, region: "us-east-1", unitAccounts: ["payments-prod", "data-dev"] });
    const hub = await planFor("organization", DEFAULT_REGIONS, { ROOT_MONITOR_SCOPE: "organization", ROOT_MONITOR_ORGANIZATIONAL_UNIT_IDS: organization.unitId });
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
    /** A further mode's 17-Region plan, wall time and peak memory, each beside the mode it is compared with. */
    const recordBeside = (figure: { mode: string; memoryMode?: string; key: string; runs: readonly ProcessRun[]; beside: string; besideRuns: readonly ProcessRun[]; memoryNote?: string }) => {
      const [ms, mib, besideMs, besideMib] = [msOf(figure.runs), mibOf(figure.runs), msOf(figure.besideRuns), mibOf(figure.besideRuns)];
      record({
        section: "terraform",
        name: `\`terraform plan\` after apply, 17 Regions, ${figure.mode} (emulator): wall time`,
        value: fmtS(ms),
        floor: `${fmtS(oneMs)}, 1 Region`,
        target: `reported: ${figure.beside} takes ${fmtS(besideMs)}`,
        data: { [figure.key]: ms },
      });
      record({
        section: "terraform",
        name: `\`terraform plan\`, 17 Regions, ${figure.memoryMode ?? figure.mode}: peak memory of Terraform and its providers`,
        value: fmtMib(mib),
        floor: `${fmtMib(oneMib)}, 1 Region`,
        target: `reported: ${figure.beside} takes ${fmtMib(besideMib)}${figure.memoryNote ?? ""}`,
        data: { [figure.key]: mib },
      });
    };
    recordBeside({ mode: "central delivery", key: "central", runs: central, beside: "regional delivery", besideRuns: all, memoryNote: " (a provider process per Region in either mode)" });
    recordBeside({ mode: "organization hub with 2 member accounts", memoryMode: "organization hub", key: "organization", runs: hub, beside: "account scope (central delivery)", besideRuns: central });
  } finally {
    await moto.stop();
  }
}
