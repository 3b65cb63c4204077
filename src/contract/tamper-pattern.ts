/**
 * The EventBridge pattern that selects changes to the monitor's own resources, whoever makes them:
 * root or not, a person or CloudFormation (or a stack set) acting for one. The root rule only sees
 * root; a Deny on the function's role, a data-protection policy on its topic or a permission on its
 * buffer made by anyone else would otherwise go untold. As data: the tamper rule puts it on the
 * default bus of every Region (and the central bus), the tests run it through a real matcher.
 *
 * Every resource is matched by its name (or ARN) in the request, built from the naming settings as
 * names.ts builds them: every name but the topic's starts with `namePrefix`, so `prefix` matching
 * on the name, or a `wildcard` on the ARN, covers the rule, the function, its role, the queues, the
 * table, the stack set and the trail. The topic key has no name: its ARN and id are given, once
 * known. Only API calls that change something reach the rule (its state is plain ENABLED).
 *
 * Pure data and string functions: the handler bundle imports this file too.
 */
import type { NamingSettings } from "./names";

/** The `type` of the message the tamper rule puts on the buffer (its input transformer wraps the event in it). */
export const TAMPER_MESSAGE_TYPE = "root-activity-monitor/tamper";

/**
 * The tamper rule's input template: the event as it came, inside a message that says which rule
 * matched it, so that the function tells it as tampering even when the root rule delivers the same
 * event for root's session. `<aws.events.event.json>` is EventBridge's whole original event.
 */
export const TAMPER_INPUT_TEMPLATE = `{"type":"${TAMPER_MESSAGE_TYPE}","event":<aws.events.event.json>}`;

/** The only detail-type through which a change by API reaches EventBridge (console changes are API calls too). */
const TAMPER_DETAIL_TYPE = "AWS API Call via CloudTrail";

/** EventBridge's default limit of an event pattern's length. */
const MAX_EVENT_PATTERN_LENGTH = 2_048;

/** What the pattern names: the naming settings, and the topic key once it exists (customer-managed only). */
export interface TamperPatternInput extends NamingSettings {
  /** The topic key's ARN and id (references at synth time). @default no key: topicKms is not customer-managed */
  readonly topicKey?: { readonly arn: string; readonly id: string };
  /**
   * The Slack workspaces and Microsoft Teams teams of the chat channels: de-authorizing one
   * (DeleteSlackWorkspaceAuthorization, DeleteMicrosoftTeamsConfiguredTeam) silences every channel
   * of it, and the request names it by its id alone. @default none: no chat channels
   */
  readonly chatWorkspaces?: { readonly slackTeamIds: readonly string[]; readonly teamsTeamIds: readonly string[] };
}

/** Realistic longest values of the key's ARN and id, for checking the length at synth time (they are references then). */
const LONGEST_KEY = { arn: `arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/${"0".repeat(36)}`, id: "0".repeat(36) } as const;

/**
 * The pattern. Every clause names a request (or response) field and the values of it that mean the
 * monitor's own resource, whatever the service: a name under the prefix is the monitor's by its
 * naming, so the event source is left out (which keeps the pattern within EventBridge's length).
 */
export function tamperEventPattern(input: TamperPatternInput) {
  const { namePrefix: own, topicName } = input;
  const name = { prefix: own };
  // An ARN or URL whose last part starts with the prefix: `...:function:<prefix>`, `.../<prefix>-buffer`, `table/<prefix>-sessions`.
  const afterColon = { wildcard: `*:${own}*` };
  const afterSlash = { wildcard: `*/${own}*` };
  // The topic (and `<topic>-alarms`) and its subscriptions, `arn:...:<topic>:<id>`.
  const topic = { wildcard: `*:${topicName}*` };
  const key = input.topicKey;
  const alias = { prefix: `alias/${own}` };
  const logGroup = { prefix: `/aws/lambda/${own}` };
  const slackTeams = input.chatWorkspaces?.slackTeamIds ?? [];
  const teamsTeams = input.chatWorkspaces?.teamsTeamIds ?? [];
  const request = (fields: Record<string, readonly unknown[]>) => Object.entries(fields).map(([field, values]) => ({ [field]: values }));
  return {
    source: [{ prefix: "aws." }],
    "detail-type": [TAMPER_DETAIL_TYPE],
    detail: {
      $or: [
        {
          requestParameters: {
            $or: request({
              // IAM: the function's role and the forwarding roles (inline and attached policies, trust, boundary).
              roleName: [name],
              // Lambda: the function, its permissions and concurrency; a new event source mapping on the buffer.
              functionName: [name, afterColon],
              // Lambda: any function made or changed to run as the monitor's role (iam:PassRole is not
              // logged; the monitor-only Denies let that role in, whichever function carries it).
              role: [afterSlash],
              eventSourceArn: [afterColon],
              // SQS: the buffer and the dead-letter queues, their policies and permissions.
              queueUrl: [afterSlash],
              // SNS: the topic, its policy and data-protection policy, its subscriptions; DynamoDB: the table's resource policy.
              topicArn: [topic],
              subscriptionArn: [topic],
              resourceArn: [topic, afterSlash],
              tableName: [name],
              // EventBridge: the rules, their targets, the central bus; CloudTrail: the trail (by name or ARN).
              name: [name, afterSlash],
              rule: [name],
              eventBusName: [name],
              trailName: [name, afterSlash],
              // CloudFormation: the spokes' stack set; CloudWatch: the alarms (PutMetricAlarm names one, the others several).
              stackSetName: [name],
              alarmNames: [name],
              alarmName: [name],
              // CloudWatch Logs: the function's log group, which its heartbeat and the forgery reports rely on.
              logGroupName: [logGroup],
              logGroupIdentifier: [logGroup, { wildcard: `*:log-group:/aws/lambda/${own}*` }],
              // Amazon Q Developer in chat applications: the chat channels' configurations (`.../<prefix>-slack-…`),
              // updated or deleted by ARN, or given a custom action (Associate/DisassociateFromConfiguration).
              // Told where the call is logged: the service's API Region (chat-channels.ts).
              chatConfigurationArn: [afterSlash],
              chatConfiguration: [afterSlash],
              ...(slackTeams.length > 0 ? { slackTeamId: [...slackTeams] } : {}),
              ...(teamsTeams.length > 0 ? { teamId: [...teamsTeams] } : {}),
              ...(key ? { keyId: [key.arn, key.id, alias], aliasName: [alias] } : {}),
            }),
          },
        },
        // Lambda's event source mappings are changed by UUID: the response names the function.
        { responseElements: { functionArn: [afterColon] } },
      ],
    },
  };
}

/**
 * The pattern as the rule's `event_pattern`. Refused when it would be longer than EventBridge allows
 * once the key's references are resolved (measured with the longest ARN and id a key can have).
 */
export function tamperEventPatternJson(input: TamperPatternInput): string {
  const longest = JSON.stringify(tamperEventPattern({ ...input, ...(input.topicKey ? { topicKey: LONGEST_KEY } : {}) })).length;
  if (longest > MAX_EVENT_PATTERN_LENGTH) {
    throw new Error(
      `The tamper rule's event pattern would be ${longest} characters with namePrefix ${JSON.stringify(input.namePrefix)} and topicName ${JSON.stringify(input.topicName)}; EventBridge allows ${MAX_EVENT_PATTERN_LENGTH}. Use a shorter topicName or namePrefix${input.chatWorkspaces ? ", or the chat channels of fewer Slack workspaces and Teams teams (each is named in the pattern)" : ""}.`,
    );
  }
  return JSON.stringify(tamperEventPattern(input));
}
