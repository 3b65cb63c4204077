/** The buffer queue's and the dead-letter queues' policies. */
import { bufferGuardStatements, deadLetterGuardStatements, type BufferGuard } from "./monitor-only-access";
import { denyInsecureTransport, document, oneOrMany, type PolicyDocument } from "./policy-document";

/**
 * Only the monitor's rules may put root events on the buffer queue, and only its self-check schedule
 * may put the scheduled event that starts a self-check; TLS only. The function reaches it through its
 * role, and nobody else may (but the operator roles, to send), whatever their identity policy
 * grants (`guard`, monitor-only-access.ts).
 */
export function bufferQueuePolicy(queueArn: string, ruleArns: readonly string[], scheduleRuleArn: string, guard: BufferGuard): PolicyDocument {
  return document(
    {
      Sid: "RulesSendRootEvents",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sqs:SendMessage",
      Resource: queueArn,
      Condition: { ArnEquals: { "aws:SourceArn": oneOrMany(ruleArns) } },
    },
    {
      Sid: "ScheduleStartsSelfCheck",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sqs:SendMessage",
      Resource: queueArn,
      Condition: { ArnEquals: { "aws:SourceArn": scheduleRuleArn } },
    },
    ...bufferGuardStatements(queueArn, guard),
    denyInsecureTransport("sqs:*", queueArn),
  );
}

/** A queue that only SQS redrive writes to (no one is granted anything, and nobody may send to it by hand): TLS only. */
export function deadLetterQueuePolicyForQueue(queueArn: string): PolicyDocument {
  return document(...deadLetterGuardStatements(queueArn), denyInsecureTransport("sqs:*", queueArn));
}

/** Only this Region's rules (the root rule, and the tamper rule beside it) may put undeliverable events on the dead-letter queue; TLS only. */
export function deadLetterQueuePolicy(queueArn: string, ruleArn: string | readonly string[]): PolicyDocument {
  return document(
    {
      Sid: "RuleSendsUndeliverableEvents",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sqs:SendMessage",
      Resource: queueArn,
      Condition: { ArnEquals: { "aws:SourceArn": typeof ruleArn === "string" ? ruleArn : oneOrMany(ruleArn) } },
    },
    ...deadLetterGuardStatements(queueArn),
    denyInsecureTransport("sqs:*", queueArn),
  );
}
