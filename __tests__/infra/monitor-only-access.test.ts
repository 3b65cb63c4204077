/**
 * Only the monitor writes its own state and stream (issue 20, item 1): the session table, the buffer
 * queue and the topic refuse their data plane to every principal but the monitor's own, and leave the
 * control plane to the deployer.
 *
 * The emulator (moto) does not enforce resource policies, so a refused request cannot be shown there.
 * These tests judge the synthesized policies by what they say instead: each request (a principal and
 * an action) is put to the policy's Deny statements with IAM's documented rules for the condition
 * operators (helpers/deny-evaluation.ts). The expected actions are written out here, not imported.
 */
import { resourceNames } from "../../src/contract/names";
import { denyingStatements, type PolicyRequest, type Statement } from "../helpers/deny-evaluation";
import { addressIn, onlyResourceIn, ref, resourcesIn, synthStack, testSettings, type TerraformJson } from "../helpers/synth";

const OPERATOR = "arn:aws:iam::111122223333:role/security/break-glass";
/** Someone in the account with broad data-plane rights (PowerUserAccess): a role that is not the monitor's. */
const INSIDER = "arn:aws:iam::111122223333:role/PowerUser";
const REGIONS = ["us-east-1", "eu-west-1"];

const TABLE_ITEM_ACTIONS = [
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
];
/** What Terraform, `npm run doctor` and the deployer call on the table: none of it may be refused. */
const TABLE_CONTROL_PLANE = [
  "dynamodb:CreateTable",
  "dynamodb:DescribeTable",
  "dynamodb:UpdateTable",
  "dynamodb:DeleteTable",
  "dynamodb:DescribeTimeToLive",
  "dynamodb:UpdateTimeToLive",
  "dynamodb:DescribeContinuousBackups",
  "dynamodb:ListTagsOfResource",
  "dynamodb:TagResource",
  "dynamodb:UntagResource",
  "dynamodb:GetResourcePolicy",
  "dynamodb:PutResourcePolicy",
  "dynamodb:DeleteResourcePolicy",
];
const QUEUE_CONTROL_PLANE = ["sqs:CreateQueue", "sqs:GetQueueUrl", "sqs:GetQueueAttributes", "sqs:SetQueueAttributes", "sqs:ListQueueTags", "sqs:TagQueue", "sqs:UntagQueue", "sqs:DeleteQueue"];
const TOPIC_CONTROL_PLANE = [
  "sns:CreateTopic",
  "sns:GetTopicAttributes",
  "sns:SetTopicAttributes",
  "sns:ListSubscriptionsByTopic",
  "sns:Subscribe",
  "sns:Unsubscribe",
  "sns:GetSubscriptionAttributes",
  "sns:ListTagsForResource",
  "sns:TagResource",
  "sns:DeleteTopic",
];
/** Redriving a dead-letter queue (SQS's message move task) reads and deletes from it. */
const REDRIVE_FROM_DEAD_LETTER_QUEUE = ["sqs:StartMessageMoveTask", "sqs:ListMessageMoveTasks", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"];

const role = (arn: string): PolicyRequest => ({ action: "", principalArn: arn, isAwsService: false });
const service: PolicyRequest = { action: "", isAwsService: true };
const anonymous: PolicyRequest = { action: "" };

/** The actions of `actions` that `who` is refused by `statements`. */
const refused = (statements: readonly Statement[], who: PolicyRequest, actions: readonly string[]) =>
  actions.filter((action) => denyingStatements(statements, { ...who, action }).length > 0);

function policiesOf(json: TerraformJson, region: string) {
  const names = resourceNames({ namePrefix: "root-activity-monitor", topicName: "root-activity-monitor" }, region);
  const statementsOf = (policy: string): Statement[] => JSON.parse(policy).Statement;
  const functionRole = ref(addressIn(json, "aws_iam_role", region, names.role), "arn");
  const topicArn = ref(addressIn(json, "aws_sns_topic", region, names.topic), "arn");
  return {
    functionRole,
    table: onlyResourceIn(json, "aws_dynamodb_resource_policy", region),
    tableAddress: addressIn(json, "aws_dynamodb_table", region),
    buffer: statementsOf(onlyResourceIn(json, "aws_sqs_queue", region, names.bufferQueue).policy),
    unprocessed: statementsOf(onlyResourceIn(json, "aws_sqs_queue", region, names.bufferDeadLetterQueue).policy),
    undeliverable: statementsOf(onlyResourceIn(json, "aws_sqs_queue", region, names.deadLetterQueue).policy),
    topic: statementsOf(resourcesIn(json, "aws_sns_topic_policy", region).find((policy) => policy.arn === topicArn)?.policy ?? "{}"),
  };
}

describe.each(REGIONS)("in %s, with an operator role", (region) => {
  const json = synthStack(testSettings({ regions: REGIONS, operatorRoleArns: [OPERATOR] }));
  const policies = policiesOf(json, region);
  const table: Statement[] = JSON.parse(policies.table.policy).Statement;

  describe("the session table's resource policy", () => {
    it("is attached to the table", () => {
      expect(policies.table.resource_arn).toBe(ref(policies.tableAddress, "arn"));
      for (const statement of table) expect(statement.Resource).toBe(ref(policies.tableAddress, "arn"));
    });

    it("refuses every item read and write, single, batch, transactional or PartiQL, to anyone but the function", () => {
      expect(refused(table, role(INSIDER), TABLE_ITEM_ACTIONS)).toEqual(TABLE_ITEM_ACTIONS);
      expect(refused(table, role(OPERATOR), TABLE_ITEM_ACTIONS)).toEqual(TABLE_ITEM_ACTIONS);
      expect(refused(table, anonymous, TABLE_ITEM_ACTIONS)).toEqual(TABLE_ITEM_ACTIONS);
      expect(refused(table, role(policies.functionRole), TABLE_ITEM_ACTIONS)).toEqual([]);
    });

    it("refuses the deployer nothing of the control plane", () => {
      expect(refused(table, role(INSIDER), TABLE_CONTROL_PLANE)).toEqual([]);
    });

    it("grants nothing: the function's role policy is what lets it in", () => {
      expect(table.filter((statement) => statement.Effect !== "Deny")).toEqual([]);
    });
  });

  describe("the buffer queue's policy", () => {
    const consume = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"];

    it("refuses sending, receiving, deleting, hiding and purging to anyone in the account who is not the monitor's", () => {
      const all = ["sqs:SendMessage", ...consume, "sqs:PurgeQueue"];
      expect(refused(policies.buffer, role(INSIDER), all)).toEqual(all);
      expect(refused(policies.buffer, anonymous, all)).toEqual(all);
    });

    it("lets the function consume it and send its digest triggers, and purge nothing", () => {
      expect(refused(policies.buffer, role(policies.functionRole), ["sqs:SendMessage", ...consume, "sqs:PurgeQueue"])).toEqual(["sqs:PurgeQueue"]);
    });

    it("lets the operator role send (test-alert, a redrive) and nothing else", () => {
      expect(refused(policies.buffer, role(OPERATOR), ["sqs:SendMessage", ...consume, "sqs:PurgeQueue"])).toEqual([...consume, "sqs:PurgeQueue"]);
    });

    it("leaves EventBridge to its own Allow, which names the monitor's rules by aws:SourceArn", () => {
      expect(refused(policies.buffer, service, ["sqs:SendMessage"])).toEqual([]);
      const serviceAllows = policies.buffer.filter((statement) => statement.Effect === "Allow");
      expect(serviceAllows.map((statement) => [statement.Principal, statement.Action, Object.keys(statement.Condition?.ArnEquals ?? {})])).toEqual([
        [{ Service: "events.amazonaws.com" }, "sqs:SendMessage", ["aws:SourceArn"]],
        [{ Service: "events.amazonaws.com" }, "sqs:SendMessage", ["aws:SourceArn"]],
      ]);
    });

    it("refuses the deployer nothing of the control plane", () => {
      expect(refused(policies.buffer, role(INSIDER), QUEUE_CONTROL_PLANE)).toEqual([]);
    });
  });

  describe("the dead-letter queues", () => {
    it("stay redrivable by whoever the account lets in (they hold what the monitor could not take)", () => {
      expect(refused(policies.unprocessed, role(INSIDER), REDRIVE_FROM_DEAD_LETTER_QUEUE)).toEqual([]);
      expect(refused(policies.undeliverable, role(INSIDER), REDRIVE_FROM_DEAD_LETTER_QUEUE)).toEqual([]);
    });
  });

  describe("the topic's policy", () => {
    it("refuses publishing to anyone but the function and the monitor's alarms", () => {
      expect(refused(policies.topic, role(INSIDER), ["sns:Publish"])).toEqual(["sns:Publish"]);
      expect(refused(policies.topic, role(OPERATOR), ["sns:Publish"])).toEqual(["sns:Publish"]);
      expect(refused(policies.topic, anonymous, ["sns:Publish"])).toEqual(["sns:Publish"]);
      expect(refused(policies.topic, role(policies.functionRole), ["sns:Publish"])).toEqual([]);
      expect(refused(policies.topic, service, ["sns:Publish"])).toEqual([]);
    });

    it("refuses the deployer nothing of the control plane", () => {
      expect(refused(policies.topic, role(INSIDER), TOPIC_CONTROL_PLANE)).toEqual([]);
    });
  });
});

describe("without an operator role (the default)", () => {
  const policies = policiesOf(synthStack(testSettings({ regions: ["us-east-1"] })), "us-east-1");

  it("nobody but the function may send to the buffer", () => {
    expect(refused(policies.buffer, role(OPERATOR), ["sqs:SendMessage"])).toEqual(["sqs:SendMessage"]);
    expect(refused(policies.buffer, role(policies.functionRole), ["sqs:SendMessage"])).toEqual([]);
  });
});

describe("the alarm topic (topicKms = aws-managed)", () => {
  const json = synthStack(testSettings({ regions: ["us-east-1"], topicKms: "aws-managed" }));
  const alarmTopicArn = ref(addressIn(json, "aws_sns_topic", "us-east-1", "root-activity-monitor-alarms"), "arn");
  const statements: Statement[] = JSON.parse(resourcesIn(json, "aws_sns_topic_policy", "us-east-1").find((policy) => policy.arn === alarmTopicArn)?.policy ?? "{}").Statement;

  it("takes publishes from CloudWatch alone: not even the function publishes there", () => {
    expect(refused(statements, service, ["sns:Publish"])).toEqual([]);
    expect(refused(statements, role(INSIDER), ["sns:Publish"])).toEqual(["sns:Publish"]);
    const functionRole = ref(addressIn(json, "aws_iam_role", "us-east-1", "root-activity-monitor-us-east-1"), "arn");
    expect(refused(statements, role(functionRole), ["sns:Publish"])).toEqual(["sns:Publish"]);
  });
});

describe.each([
  ["central delivery", { delivery: "central", homeRegion: "eu-west-1" }],
  ["an organization hub", { scope: "organization", homeRegion: "eu-west-1", organizationId: "o-a1b2c3d4e5" }],
])("with %s", (_mode, context) => {
  const json = synthStack(testSettings({ regions: REGIONS, ...context }));
  const home = policiesOf(json, "eu-west-1");

  it("the home Region's buffer takes the central bus's rule through EventBridge's Allow, and refuses the insider", () => {
    const [rules] = home.buffer.filter((statement) => statement.Sid === "RulesSendRootEvents");
    // The central bus's root rule, and its tamper rule beside it.
    expect(rules.Condition?.ArnEquals?.["aws:SourceArn"]).toEqual([
      expect.stringMatching(/:rule\/root-activity-monitor\/root-activity-monitor$/),
      expect.stringMatching(/:rule\/root-activity-monitor\/root-activity-monitor-tamper$/),
    ]);
    expect(refused(home.buffer, service, ["sqs:SendMessage"])).toEqual([]);
    expect(refused(home.buffer, role(INSIDER), ["sqs:SendMessage", "sqs:ReceiveMessage"])).toEqual(["sqs:SendMessage", "sqs:ReceiveMessage"]);
  });

  it("the one table and topic refuse the insider too", () => {
    expect(refused(JSON.parse(home.table.policy).Statement, role(INSIDER), ["dynamodb:PutItem"])).toEqual(["dynamodb:PutItem"]);
    expect(refused(home.topic, role(INSIDER), ["sns:Publish"])).toEqual(["sns:Publish"]);
  });
});

describe("the deny evaluation itself", () => {
  it("finds nothing refused in a policy without the guards (as before issue 20)", () => {
    const unguarded: Statement[] = [{ Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "sqs:*", Condition: { Bool: { "aws:SecureTransport": false } } }];
    expect(refused(unguarded, role(INSIDER), ["sqs:SendMessage"])).toEqual([]);
  });

  it("refuses a service when the Deny does not exempt services", () => {
    const everyone: Statement[] = [{ Sid: "All", Effect: "Deny", Principal: "*", Action: "sqs:SendMessage", Condition: { ArnNotEquals: { "aws:PrincipalArn": OPERATOR } } }];
    expect(refused(everyone, service, ["sqs:SendMessage"])).toEqual(["sqs:SendMessage"]);
    expect(refused(everyone, role(OPERATOR), ["sqs:SendMessage"])).toEqual([]);
  });
});
