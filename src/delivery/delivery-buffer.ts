/**
 * The queue between the rules and the function. A root console session fires hundreds of events in
 * minutes; here they wait for the function, which takes them in batches with bounded concurrency,
 * so that no burst reaches the topic faster than SNS lets an email subscription take it. The
 * function also puts its delayed digest triggers here, and the self-check schedule its daily event,
 * so a delivery has one queue and one function.
 * A message the function fails on several times moves to the unprocessed queue, whose alarm tells
 * people; nothing is dropped.
 */
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Construct } from "constructs";
import { DEAD_LETTER_RETENTION_SECONDS } from "./dead-letter-queue";
import { bufferQueuePolicy, deadLetterQueuePolicyForQueue } from "../policies/queue-policies";
import type { RegionContext } from "../terraform/region-context";

/** Receives before a message moves to the unprocessed queue: enough for a throttled or slow moment, few enough to be told soon. */
export const BUFFER_MAX_RECEIVES = 5;

/** How long a buffered root event waits at most: 4 days, well inside the unprocessed queue's 14. */
const BUFFER_RETENTION_SECONDS = 345_600;

export interface DeliveryBufferProps {
  /** The delivery's Region. */
  readonly context: RegionContext;
  readonly name: string;
  readonly deadLetterName: string;
  /** The rules that may send root events here (ARNs built from names: the rules target this queue). */
  readonly ruleArns: readonly string[];
  /** The schedule rule that may send the event that starts a self-check (its ARN built from its name, likewise). */
  readonly scheduleRuleArn: string;
  /** The function's role: the only principal that takes messages off the queue (monitor-only-access.ts). */
  readonly functionRoleArn: string;
  /** Operator roles that may put a message on the queue besides the function (test-alert, a dead-letter redrive). @default [] */
  readonly operatorRoleArns?: readonly string[];
  /**
   * How long a received message stays hidden: at least six times the function's timeout plus the
   * batching window, as Lambda advises, so that a slow batch is not handed out twice.
   */
  readonly visibilityTimeoutSeconds: number;
}

export class DeliveryBuffer extends Construct {
  public readonly queue: SqsQueue;
  public readonly deadLetterQueue: SqsQueue;

  constructor(scope: Construct, id: string, props: DeliveryBufferProps) {
    super(scope, id);
    const arnOf = (name: string) => props.context.arn("sqs", name);
    this.deadLetterQueue = new SqsQueue(this, "Unprocessed", {
      provider: props.context.provider,
      name: props.deadLetterName,
      messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
      sqsManagedSseEnabled: true,
      policy: JSON.stringify(deadLetterQueuePolicyForQueue(arnOf(props.deadLetterName))),
      // Only the buffer may name it as its dead-letter queue (by ARN built from names: a reference would be a cycle).
      redriveAllowPolicy: JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: [arnOf(props.name)] }),
    });
    this.queue = new SqsQueue(this, "Queue", {
      provider: props.context.provider,
      name: props.name,
      messageRetentionSeconds: BUFFER_RETENTION_SECONDS,
      visibilityTimeoutSeconds: props.visibilityTimeoutSeconds,
      sqsManagedSseEnabled: true,
      redrivePolicy: JSON.stringify({ deadLetterTargetArn: this.deadLetterQueue.arn, maxReceiveCount: BUFFER_MAX_RECEIVES }),
      // No queue may name the buffer as its dead-letter queue: SQS would move that queue's messages onto
      // the buffer past its SendMessage Deny (a queue of anyone's making, a message of anyone's writing).
      redriveAllowPolicy: JSON.stringify({ redrivePermission: "denyAll" }),
      policy: JSON.stringify(bufferQueuePolicy(arnOf(props.name), props.ruleArns, props.scheduleRuleArn, { functionRoleArn: props.functionRoleArn, operatorRoleArns: props.operatorRoleArns ?? [] })),
    });
  }
}
