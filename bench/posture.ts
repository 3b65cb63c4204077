/**
 * The root posture's cost (handler/posture/): how many GetAccountSummary calls the function made in
 * the handler burst, per invocation and per event (the reader caches one answer per execution
 * environment for five minutes; the driver starts a fresh environment per invocation, so this is the
 * worst case: one per invocation), and what one call takes on the emulator. The call runs beside the
 * record's session writes, bounded at 1.5 s, so its time is added to an alert only when it is the
 * slower of the two.
 */
import { GetAccountSummaryCommand, IAMClient } from "@aws-sdk/client-iam";
import { emulatorClientConfig } from "../emulator/moto-server";
import type { BenchContext } from "./context";
import { fmtMs } from "./figures";
import { stats } from "./measure";

/** Calls timed one after another: enough for a median, few enough to be quick. */
const TIMED_CALLS = 20;

export async function recordPostureCost({ record }: Pick<BenchContext, "record">, endpoint: string, burst: { readonly events: number; readonly invocations: number; readonly calls: ReadonlyMap<string, number> }): Promise<void> {
  const iam = new IAMClient(emulatorClientConfig(endpoint, "us-east-1"));
  const times: number[] = [];
  for (let call = 0; call < TIMED_CALLS; call += 1) {
    const started = performance.now();
    await iam.send(new GetAccountSummaryCommand({}));
    times.push(performance.now() - started);
  }
  const oneCall = stats(times);
  const postureCalls = burst.calls.get("GetAccountSummary") ?? 0;
  record({
    section: "handler",
    name: `the root posture in that burst: GetAccountSummary calls per invocation and per event, and one call's time`,
    value: `${postureCalls} calls: ${(postureCalls / Math.max(1, burst.invocations)).toFixed(2)} per invocation, ${(postureCalls / burst.events).toFixed(3)} per event; one call ${fmtMs(oneCall)}`,
    target: "at most 1 per invocation (cached 5 min per environment), read beside the session writes, bounded at 1.5 s",
    met: postureCalls <= burst.invocations,
    data: { postureCalls, invocations: burst.invocations, events: burst.events, oneCall },
  });
}
