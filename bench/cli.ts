/** What the cdktf CLI adds to a synth: `cdktf synth` against the app command it runs. */
import * as path from "node:path";
import { PROJECT_ROOT } from "../src/project-root";
import { appCommand, synthEnv } from "./app-command";
import type { BenchContext } from "./context";
import { fmtMs, mibOf, msOf, progress } from "./figures";
import { interleaved, runProcess } from "./measure";

export async function benchCli({ work, runs: RUNS, record }: BenchContext): Promise<void> {
  const { command, args: appArgs } = appCommand();
  const env = synthEnv({ CI: "1" });
  progress("cli: cdktf synth against the app command alone");
  const runs = await interleaved(RUNS, {
    app: () => runProcess(command, appArgs, { cwd: PROJECT_ROOT, env: { ...env, CDKTF_OUTDIR: path.join(work, "app") } }),
    cli: () => runProcess(path.join(PROJECT_ROOT, "node_modules", ".bin", "cdktf"), ["synth", "--output", path.join(work, "cli")], { cwd: PROJECT_ROOT, env }),
  });
  const [app, cli] = [msOf(runs.app), msOf(runs.cli)];
  record({
    section: "cli",
    name: "synth through the cdktf CLI (`cdktf synth`)",
    value: fmtMs(cli),
    floor: `${fmtMs(app)}, app command alone`,
    target: `reported: the CLI adds ${(cli.median - app.median).toFixed(0)} ms`,
    data: { cli, app, cliPeakMib: mibOf(runs.cli) },
  });
}
