/**
 * What the self-check and `npm run doctor` look at, per monitored Region: the rules that carry root
 * activity (each with what it must target and its dead-letter queue) and, in the delivery's Region,
 * the delivery (its topic and unprocessed queue). The function builds it from its environment
 * (plan.ts), doctor from the deployment's outputs; the checks take it as it is.
 */

/** A queue that must be empty: every message in it is a root event nobody was told of. */
export interface WatchedQueue {
  /** The check's name in findings: "dead-letter queue", "unprocessed queue", ... */
  readonly check: string;
  readonly name: string;
  /** Its URL when known (doctor reads it from the outputs); otherwise it is found by name in its Region. */
  readonly url?: string;
  /** The account that owns it, for finding it by name. @default the caller's */
  readonly accountId?: string;
  /** Whose root events wait there: "the rule could not deliver". */
  readonly whose: string;
  readonly whatToDo: string;
}

export interface WatchedRule {
  /** The checks' names in findings: "rule" and "target", or "central rule" and "central target". */
  readonly check: string;
  readonly targetCheck: string;
  readonly name: string;
  /** @default the default bus, where CloudTrail delivers */
  readonly eventBusName?: string;
  /** The ARN of what it must put root events on: a buffer queue, or the central event bus. */
  readonly targetArn: string;
  /** What is lost while it is not enabled: "root activity here", "root activity from every Region". */
  readonly carries: string;
  readonly deadLetterQueue: WatchedQueue;
}

export interface WatchedDelivery {
  readonly topicArn: string;
  /** Whose alerts its topic carries: "this Region", "any Region". */
  readonly covers: string;
  readonly unprocessedQueue: WatchedQueue;
}

export interface WatchedRegion {
  readonly region: string;
  readonly rules: readonly WatchedRule[];
  /** Only in the delivery's Region. */
  readonly delivery?: WatchedDelivery;
}

/** Where a queue is: by URL, or by name in the Region (and account). */
interface QueueWhere {
  readonly url?: string;
  readonly accountId?: string;
}

/** A rule's dead-letter queue. `redrive` says how its events get to the buffer: "move them to the buffer queue X (SQS: start a message move task)". */
export function ruleDeadLetterQueue(check: string, name: string, where: QueueWhere, redrive: string): WatchedQueue {
  return { check, name, ...where, whose: "the rule could not deliver", whatToDo: `read them, then ${redrive} or delete them` };
}

/** The buffer's unprocessed queue: what the function failed on several times. */
export function unprocessedQueue(name: string, where: QueueWhere, logGroupName?: string): WatchedQueue {
  return {
    check: "unprocessed queue",
    name,
    ...where,
    whose: "the function failed on several times",
    whatToDo: `read the log group ${logGroupName ?? "of the function"} for the cause, fix it, then redrive them to the buffer (SQS: start a DLQ redrive)`,
  };
}

/** How a rule's dead-letter queue's events reach the buffer queue `bufferName` in `bufferRegion`, from `region`. */
export function redriveTo(bufferName: string, bufferRegion: string, region: string): string {
  return bufferRegion === region
    ? `move them to the buffer queue ${bufferName} (SQS: start a message move task)`
    : `copy each to the buffer queue ${bufferName} in ${bufferRegion} (aws sqs send-message)`;
}
