/**
 * The function's heartbeat, as CloudWatch reads it: embedded metric format lines on standard output
 * (the function's log), in the monitor's namespace, with the delivery's function name as the one
 * dimension: one per batch run, one per completed self-check, none for a self-check that throws.
 * The names are spelled out here, as the alarm (failure-alarms.ts) must find them.
 */
import { countedSelfCheck, HeartbeatMetrics } from "../../handler/publishing/heartbeat-metrics";
import type { SelfCheck } from "../../handler/self-check/scheduled-run";

const FUNCTION = "root-activity-monitor";

/** Every EMF line written to standard output while `act` runs. */
async function emfLinesOf(act: () => unknown): Promise<Array<Record<string, any>>> {
  const written: string[] = [];
  const spy = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    await act();
  } finally {
    spy.mockRestore();
  }
  return written
    .flatMap((chunk) => chunk.split("\n"))
    .filter((line) => line.trim().startsWith("{"))
    .map((line) => JSON.parse(line))
    .filter((line) => line._aws !== undefined);
}

/** What CloudWatch makes of one EMF line: namespace, dimensions with their values, metric names and values. */
const metricsOf = (line: Record<string, any>) =>
  line._aws.CloudWatchMetrics.map((directive: Record<string, any>) => ({
    namespace: directive.Namespace,
    dimensions: directive.Dimensions.map((set: string[]) => Object.fromEntries(set.map((name) => [name, line[name]]))),
    metrics: Object.fromEntries(directive.Metrics.map((metric: { Name: string; Unit: string }) => [metric.Name, { value: line[metric.Name], unit: metric.Unit }])),
  }));

const selfCheckThat = (run: SelfCheck["run"]): SelfCheck => ({ scheduleRuleArn: "arn:aws:events:us-east-1:111122223333:rule/root-activity-monitor-self-check", run });
const publish = async () => "message-id";

describe("the heartbeat metrics", () => {
  it("writes one Runs count for the delivery's function as a batch run starts", async () => {
    const lines = await emfLinesOf(() => new HeartbeatMetrics().batchRun(FUNCTION));
    expect(lines.flatMap(metricsOf)).toEqual([{ namespace: "root-activity-monitor", dimensions: [{ FunctionName: FUNCTION }], metrics: { Runs: { value: 1, unit: "Count" } } }]);
  });

  it("writes one SelfCheckRuns count for the delivery when a self-check completes, blind or not", async () => {
    const heartbeat = new HeartbeatMetrics();
    await emfLinesOf(() => heartbeat.batchRun(FUNCTION));
    const selfCheck = countedSelfCheck(selfCheckThat(async () => ({ status: "blind" })), heartbeat);
    let outcome: unknown;
    const lines = await emfLinesOf(async () => (outcome = await selfCheck.run("run-1", Date.now() + 10_000, publish)));
    expect(outcome).toEqual({ status: "blind" });
    expect(lines.flatMap(metricsOf)).toEqual([{ namespace: "root-activity-monitor", dimensions: [{ FunctionName: FUNCTION }], metrics: { SelfCheckRuns: { value: 1, unit: "Count" } } }]);
  });

  it("writes one ChatCopiesFailed count for the delivery when a chat copy could not be published (the chat-copy-failed alarm's metric)", async () => {
    const metrics = new HeartbeatMetrics();
    await emfLinesOf(() => metrics.batchRun(FUNCTION));
    const lines = await emfLinesOf(() => metrics.chatCopyFailed());
    expect(lines.flatMap(metricsOf)).toEqual([{ namespace: "root-activity-monitor", dimensions: [{ FunctionName: FUNCTION }], metrics: { ChatCopiesFailed: { value: 1, unit: "Count" } } }]);
  });

  it("writes nothing for a self-check that throws, and lets it throw (the message is retried)", async () => {
    const heartbeat = new HeartbeatMetrics();
    await emfLinesOf(() => heartbeat.batchRun(FUNCTION));
    const selfCheck = countedSelfCheck(
      selfCheckThat(async () => {
        throw new Error("AccessDenied: cloudtrail:DescribeTrails");
      }),
      heartbeat,
    );
    let thrown: unknown;
    const lines = await emfLinesOf(() => selfCheck.run("run-1", Date.now() + 10_000, publish).catch((error) => (thrown = error)));
    expect(thrown).toEqual(new Error("AccessDenied: cloudtrail:DescribeTrails"));
    expect(lines).toEqual([]);
  });

  it("keeps the schedule rule the self-check answers to", () => {
    const inner = selfCheckThat(async () => ({ status: "healthy" }));
    expect(countedSelfCheck(inner, new HeartbeatMetrics()).scheduleRuleArn).toBe("arn:aws:events:us-east-1:111122223333:rule/root-activity-monitor-self-check");
  });
});
