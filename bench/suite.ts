/**
 * The whole test suite (jest, as `npm test` runs it after type-checking and building), without and
 * with the end-to-end test. Slow: ten full runs at the default, about half an hour here.
 */
import * as path from "node:path";
import { PROJECT_ROOT } from "../src/project-root";
import type { BenchContext } from "./context";
import { fmtS, msOf, progress } from "./figures";
import { interleaved, runProcess } from "./measure";

/** The end-to-end test, which alone takes about two and a half minutes. */
const END_TO_END_TEST = "account-deployment";

export async function benchSuite({ runs: RUNS, record }: BenchContext): Promise<void> {
  const jest = path.join(PROJECT_ROOT, "node_modules", ".bin", "jest");
  const env = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
  progress(`suite: jest without and with the end-to-end test, ${RUNS} runs each`);
  const runs = await interleaved(RUNS, {
    without: () => runProcess(jest, ["--testPathIgnorePatterns", END_TO_END_TEST], { cwd: PROJECT_ROOT, env }),
    with: () => runProcess(jest, [], { cwd: PROJECT_ROOT, env }),
  });
  const [without, withE2e] = [msOf(runs.without), msOf(runs.with)];
  record({
    section: "suite",
    name: "test suite (jest): without / with the end-to-end test",
    value: `${fmtS(without)} / ${fmtS(withE2e)}`,
    target: "reported",
    data: { without, with: withE2e },
  });
}
