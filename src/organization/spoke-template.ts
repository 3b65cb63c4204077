/**
 * The CloudFormation template that StackSets deploy to every member account and Region of the
 * organization (scope = organization): the rule on the default bus, with the same pattern and state
 * as the rule construct; the role with which it forwards to the hub's event bus, allowed nothing
 * else; and the dead-letter queue for what it could not forward, which only that rule may write to.
 * Names, the pattern, retries and policies come from the modules the Terraform resources use, so
 * that a member account's spoke and the management account's rules cannot drift apart. Pure.
 */
import { PSEUDO, withIntrinsics } from "./cloudformation-intrinsics";
import { DEAD_LETTER_RETENTION_SECONDS } from "../delivery/dead-letter-queue";
import { ROOT_ACTIVITY_EVENT_PATTERN, ruleState } from "../contract/event-pattern";
import { resourceNames, type NamingSettings } from "../contract/names";
import { forwardingAssumeRolePolicy, forwardingRolePolicy } from "../central/central-policies";
import { deadLetterQueuePolicy } from "../policies/queue-policies";
import { RULE_RETRY } from "../rule/root-activity-rule";

interface SpokeTemplateInput {
  readonly naming: NamingSettings;
  /** The hub's event bus, in the management account's home Region. */
  readonly hubEventBusArn: string;
  readonly includeReadOnlyEvents: boolean;
}

/** The template's logical ids, named once for the template and for the tests that read it. */
export const SPOKE_RESOURCES = {
  rule: "RootActivityRule",
  role: "ForwardingRole",
  deadLetterQueue: "DeadLetterQueue",
  deadLetterQueuePolicy: "DeadLetterQueuePolicy",
} as const;

export function spokeTemplate(input: SpokeTemplateInput): Record<string, unknown> {
  // The Region is the stack instance's own; IAM is global, so the role's name carries it.
  const names = resourceNames(input.naming, PSEUDO.region);
  const arn = (service: string, resource: string) => `arn:${PSEUDO.partition}:${service}:${PSEUDO.region}:${PSEUDO.accountId}:${resource}`;
  // Built from names rather than read from the resources: the role's trust names the rule, which names the role.
  const ruleArn = arn("events", `rule/${names.rule}`);
  const queueArn = arn("sqs", names.deadLetterQueue);
  const { rule, role, deadLetterQueue, deadLetterQueuePolicy: queuePolicy } = SPOKE_RESOURCES;
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: "Root activity monitor spoke: forwards this account's root activity in this Region to the organization's hub",
    Resources: {
      [deadLetterQueue]: {
        Type: "AWS::SQS::Queue",
        Properties: { QueueName: names.deadLetterQueue, MessageRetentionPeriod: DEAD_LETTER_RETENTION_SECONDS, SqsManagedSseEnabled: true },
      },
      [queuePolicy]: {
        Type: "AWS::SQS::QueuePolicy",
        Properties: { Queues: [{ Ref: deadLetterQueue }], PolicyDocument: withIntrinsics(deadLetterQueuePolicy(queueArn, ruleArn)) },
      },
      [role]: {
        Type: "AWS::IAM::Role",
        Properties: {
          RoleName: withIntrinsics(names.forwardingRole),
          Description: "Forwards root activity in this Region to the root activity monitor's hub event bus",
          AssumeRolePolicyDocument: withIntrinsics(forwardingAssumeRolePolicy(ruleArn, PSEUDO.accountId)),
          Policies: [{ PolicyName: "forward", PolicyDocument: withIntrinsics(forwardingRolePolicy(input.hubEventBusArn)) }],
        },
      },
      [rule]: {
        Type: "AWS::Events::Rule",
        Properties: {
          Name: names.rule,
          Description: "AWS root user activity: console sign-ins, console actions and API calls",
          EventBusName: "default",
          EventPattern: ROOT_ACTIVITY_EVENT_PATTERN,
          State: ruleState(input.includeReadOnlyEvents),
          Targets: [
            {
              Id: "notify",
              Arn: input.hubEventBusArn,
              RoleArn: { "Fn::GetAtt": [role, "Arn"] },
              RetryPolicy: { MaximumEventAgeInSeconds: RULE_RETRY.maximumEventAgeSeconds, MaximumRetryAttempts: RULE_RETRY.maximumRetryAttempts },
              DeadLetterConfig: { Arn: { "Fn::GetAtt": [deadLetterQueue, "Arn"] } },
            },
          ],
        },
      },
    },
  };
}
