/**
 * Where the rule puts events it could not deliver to the function: an encrypted SQS queue that keeps
 * them for 14 days (the SQS maximum), writable only by this Region's rule. An alarm on its depth
 * tells people that something is waiting there.
 */
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Construct } from "constructs";
import { deadLetterQueuePolicy } from "../policies/queue-policies";
import type { RegionContext } from "../terraform/region-context";

/** 14 days, the longest SQS keeps a message. */
export const DEAD_LETTER_RETENTION_SECONDS = 1_209_600;

export interface DeadLetterQueueProps {
  /** The Region the queue is in. */
  readonly context: RegionContext;
  readonly name: string;
  /** The rule that may send to the queue (or the rules: the root rule and the tamper rule beside it). */
  readonly ruleArn: string | readonly string[];
}

export class DeadLetterQueue extends Construct {
  public readonly queue: SqsQueue;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    // The policy is set inline rather than as a separate aws_sqs_queue_policy: one resource is one
    // wait for SQS to settle, not two. It names the queue by its ARN, built from parts known before
    // the queue exists, since a resource cannot refer to its own attributes.
    const queueArn = props.context.arn("sqs", props.name);
    this.queue = new SqsQueue(this, "Queue", {
      provider: props.context.provider,
      name: props.name,
      messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
      sqsManagedSseEnabled: true,
      policy: JSON.stringify(deadLetterQueuePolicy(queueArn, props.ruleArn)),
      // EventBridge parks events here; no queue may name it as its dead-letter queue.
      redriveAllowPolicy: JSON.stringify({ redrivePermission: "denyAll" }),
    });
  }
}
