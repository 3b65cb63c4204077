/**
 * The function's heartbeat: a count of every batch run and of every completed self-check, written at
 * once as CloudWatch embedded metric format lines to the function's log (Powertools Metrics). An
 * alarm that does not depend on the function (`self-check-missing`) treats their absence as a
 * failure: a schedule deleted or disabled, a Deny on the role, a function that no longer runs.
 * Written through the log, so the role needs no `cloudwatch:PutMetricData`; a Deny on writing logs
 * silences the heartbeat too, and that is told the same way.
 */
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { MONITOR_METRICS } from "../../src/contract/monitor-metrics";
import type { SelfCheck } from "../self-check/scheduled-run";

export class HeartbeatMetrics {
  private readonly metrics: Metrics;
  private functionName: string | undefined;

  /** @param metrics where the lines go. @default Powertools Metrics in the monitor's namespace, writing to standard output */
  constructor(metrics?: Metrics) {
    this.metrics = metrics ?? new Metrics({ namespace: MONITOR_METRICS.namespace });
    // Powertools adds a `service` dimension by default; the alarm names exactly one, the delivery's.
    this.metrics.clearDefaultDimensions();
  }

  /**
   * Counts a batch run as it starts, and learns which delivery this is: the function's name, the
   * same for every run of an execution environment.
   */
  batchRun(functionName: string): void {
    this.functionName = functionName;
    this.emit(MONITOR_METRICS.runs);
  }

  /** Counts a completed self-check of the batch run under way. */
  selfCheckCompleted(): void {
    this.emit(MONITOR_METRICS.selfCheckRuns);
  }

  /** Counts a chat copy that was not published (chat-copy.ts): not the heartbeat, but the same one line in the same namespace. */
  chatCopyFailed(): void {
    this.emit(MONITOR_METRICS.chatCopiesFailed);
  }

  /** One line per count, flushed at once: a run that later times out has still counted. */
  private emit(metricName: string): void {
    if (this.functionName === undefined) throw new Error(`${metricName} counted outside a batch run: call batchRun first`);
    this.metrics.addDimension(MONITOR_METRICS.deliveryDimension, this.functionName);
    this.metrics.addMetric(metricName, MetricUnit.Count, 1);
    this.metrics.publishStoredMetrics();
  }
}

/** The self-check, counted each time a run completes; a run that throws is not counted, and still throws. */
export function countedSelfCheck(selfCheck: SelfCheck, heartbeat: Pick<HeartbeatMetrics, "selfCheckCompleted">): SelfCheck {
  return {
    scheduleRuleArn: selfCheck.scheduleRuleArn,
    async run(runId, deadlineMs, publish) {
      const outcome = await selfCheck.run(runId, deadlineMs, publish);
      heartbeat.selfCheckCompleted();
      return outcome;
    },
  };
}
