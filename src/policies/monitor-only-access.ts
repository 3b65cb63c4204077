/**
 * Only the monitor writes its own state and stream. The statements here are Denies in the resource
 * policies of the session table, the buffer queue and the topic: every principal but the monitor's
 * own is refused the data-plane actions that would let it silence, forge or drain the monitor,
 * whatever its identity policy grants (PowerUserAccess included). In AWS an explicit Deny in a
 * resource policy wins over any Allow, in any policy.
 *
 * Who is "the monitor's own", and how each is told apart:
 * - the function's role, by `aws:PrincipalArn`. For an assumed role that key is the role's ARN, not
 *   the session's, so it names every session of the role: the function's, and the event source
 *   mapping's polling, which Lambda does with the same execution role;
 * - AWS services acting as themselves (EventBridge for the rules and the self-check schedule,
 *   CloudWatch for the alarms): `aws:PrincipalIsAWSService` is true only for a service principal,
 *   so the Deny passes them by, and what each may do is still only what the resource policy's own
 *   Allow grants it, scoped to the monitor's rules or alarms by `aws:SourceArn`. A service acting
 *   for someone else (forward access sessions) is that someone, and is refused like them;
 * - the operator roles of the `operatorRoleArns` setting, where an operator command needs them:
 *   putting `npm run test-alert`'s test message on the buffer, and redriving a dead-letter queue
 *   back onto the buffer (SQS checks sqs:SendMessage on the destination against whoever starts the
 *   move). Nothing else.
 *
 * Only named data-plane actions are denied, never `sqs:*`, `dynamodb:*` or `sns:*`: the deployer
 * keeps the control plane (CreateTable, DescribeTable, UpdateTimeToLive, Put/DeleteResourcePolicy,
 * CreateQueue, Get/SetQueueAttributes, Create/DeleteTopic, Get/SetTopicAttributes, Subscribe,
 * Unsubscribe, ...), so Terraform still plans, changes and destroys everything, and `npm run doctor`
 * still reads the queues' attributes. Changes to the monitor through the control plane are
 * management events, which CloudTrail records and the monitor is told of.
 *
 * The conditions are AND-ed: the Deny applies when the principal is not one of the named roles AND
 * is not an AWS service. `ArnNotEquals` is true when the key is absent (an anonymous request), and
 * `BoolIfExists` is true when its key is absent, so an anonymous request is refused too.
 */
import type { PolicyStatement } from "./policy-document";

/**
 * Every action that reads or writes the table's items: single, batch and PartiQL (ExecuteStatement,
 * BatchExecuteStatement and ExecuteTransaction are authorized as PartiQLSelect/Insert/Update/Delete),
 * and transactions (TransactGetItems and TransactWriteItems are authorized as the GetItem, PutItem,
 * UpdateItem and DeleteItem they contain, plus ConditionCheckItem). DescribeTable, UpdateTable,
 * UpdateTimeToLive, DeleteTable and the resource-policy actions stay open: they are the deployer's
 * control plane, and recorded by CloudTrail as management events.
 */
const SESSION_TABLE_ITEM_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:Scan",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:ConditionCheckItem",
  "dynamodb:PartiQLSelect",
  "dynamodb:PartiQLInsert",
  "dynamodb:PartiQLUpdate",
  "dynamodb:PartiQLDelete",
] as const;

/** Taking messages off the buffer: only the function (and its event source mapping) may. */
const BUFFER_CONSUME_ACTIONS = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"] as const;

/** Putting messages on the buffer: the function (digest triggers), the operator roles, and EventBridge for the monitor's rules. */
const BUFFER_SEND_ACTIONS = ["sqs:SendMessage"] as const;

/** Emptying the buffer drops root events unread: nobody may, not even the function (it never needs to). */
const BUFFER_PURGE_ACTIONS = ["sqs:PurgeQueue"] as const;

/**
 * Putting messages on a dead-letter queue by hand: nobody may. SQS moves what the buffer gave up on,
 * EventBridge parks what a rule could not deliver, both as themselves; a message sent there by a
 * person would be redriven to the buffer by an operator one day, and believed.
 */
const DEAD_LETTER_SEND_ACTIONS = ["sqs:SendMessage"] as const;

/** Publishing to the topic (PublishBatch is authorized as sns:Publish): the function, CloudWatch for the monitor's alarms and EventBridge for its tamper rule (both by their Allows). */
const TOPIC_PUBLISH_ACTIONS = ["sns:Publish"] as const;

/**
 * Denies `actions` on `resource` to every principal that is neither one of `principalArns` (IAM role
 * ARNs, matched as `aws:PrincipalArn`) nor an AWS service acting as itself. With no ARNs, every
 * principal but an AWS service is refused.
 */
function onlyThesePrincipals(sid: string, actions: readonly string[], resource: string, principalArns: readonly string[]): PolicyStatement {
  return {
    Sid: sid,
    Effect: "Deny",
    Principal: "*",
    Action: actions.length === 1 ? actions[0] : actions,
    Resource: resource,
    Condition: {
      ...(principalArns.length > 0 ? { ArnNotEquals: { "aws:PrincipalArn": principalArns.length === 1 ? principalArns[0] : principalArns } } : {}),
      BoolIfExists: { "aws:PrincipalIsAWSService": false },
    },
  };
}

/** The session table's resource policy: nobody but the function reads or writes its items. */
export function sessionTablePolicyStatements(tableArn: string, functionRoleArn: string): PolicyStatement[] {
  return [onlyThesePrincipals("OnlyTheFunctionUsesItems", SESSION_TABLE_ITEM_ACTIONS, tableArn, [functionRoleArn])];
}

export interface BufferGuard {
  /** The function's role: it consumes the buffer and puts its digest triggers there. */
  readonly functionRoleArn: string;
  /** The operator roles that may put a message there (test-alert, a dead-letter redrive). @default [] */
  readonly operatorRoleArns?: readonly string[];
}

/** The buffer queue's Denies: only the function takes messages off it, only the function and the operator roles put them there, nobody purges it. */
export function bufferGuardStatements(queueArn: string, guard: BufferGuard): PolicyStatement[] {
  return [
    onlyThesePrincipals("OnlyTheFunctionConsumes", BUFFER_CONSUME_ACTIONS, queueArn, [guard.functionRoleArn]),
    onlyThesePrincipals("OnlyTheMonitorAndOperatorsSend", BUFFER_SEND_ACTIONS, queueArn, [guard.functionRoleArn, ...(guard.operatorRoleArns ?? [])]),
    onlyThesePrincipals("NobodyPurges", BUFFER_PURGE_ACTIONS, queueArn, []),
  ];
}

/** The topic's Deny: only the function publishes (`publisherRoleArn`) besides AWS services admitted by the topic's Allows (alarms, the tamper rule); on the alarm-only topic, only those services. */
export function topicGuardStatements(topicArn: string, publisherRoleArn: string | undefined): PolicyStatement[] {
  return [onlyThesePrincipals("OnlyTheMonitorPublishes", TOPIC_PUBLISH_ACTIONS, topicArn, publisherRoleArn === undefined ? [] : [publisherRoleArn])];
}

/** A dead-letter queue's Deny: nobody but an AWS service (SQS's own move, EventBridge for its rules) puts messages there. */
export function deadLetterGuardStatements(queueArn: string): PolicyStatement[] {
  return [onlyThesePrincipals("NobodySendsByHand", DEAD_LETTER_SEND_ACTIONS, queueArn, [])];
}
