/**
 * The contract between the function's heartbeat metrics (handler/publishing/heartbeat-metrics.ts) and the
 * alarm that notices when they stop (failure-alarms.ts): one namespace, one dimension naming the
 * delivery, and the names of what is counted. The function writes them in CloudWatch's embedded
 * metric format to its own log (Powertools Metrics), so it needs no `cloudwatch:PutMetricData`.
 *
 * Pure data: the handler bundle imports this file too.
 */
import { PRODUCT_NAME } from "./names";

export const MONITOR_METRICS = {
  /** The monitor's own namespace (CloudWatch reserves `AWS/` for services). */
  namespace: PRODUCT_NAME,
  /**
   * The one dimension: the delivery's function name, so that each delivery (every Region's with
   * regional delivery) has metrics, and an alarm, of its own.
   */
  deliveryDimension: "FunctionName",
  /** One per batch the function is invoked with, counted as it starts. */
  runs: "Runs",
  /** One per daily self-check that completed (blind or not); a self-check that throws does not count. */
  selfCheckRuns: "SelfCheckRuns",
  /**
   * One per chat copy that could not be published to the chat topic (handler/delivery/chat-copy.ts):
   * its message went out by email and JSON, and is not sent again, so an alarm on this count is
   * what tells people that chat missed one.
   */
  chatCopiesFailed: "ChatCopiesFailed",
} as const;
