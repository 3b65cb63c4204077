/**
 * Scope = organization, as Terraform receives it: the hub (central delivery) in the home Region, a
 * bus policy for this organization's forwarding roles only, and one service-managed stack set with
 * an instance per monitored Region whose template (parsed) holds the spoke: the rule with the same
 * pattern, the forwarding role allowed only to put events on the hub's bus, and the dead-letter queue.
 */
import "cdktf/lib/testing/adapters/jest"; // types of the cdktf Jest matchers
import { ROOT_ACTIVITY_EVENT_PATTERN } from "../../src/contract/event-pattern";
import { outputName, resourceNames } from "../../src/contract/names";
import { SPOKE_RESOURCES } from "../../src/organization/spoke-template";
import { InvalidSettingsError } from "../../src/settings/invalid-settings-error";
import { addressIn, onlyResourceIn, resourcesIn, synthStack, testSettings, type TerraformJson } from "../helpers/synth";

const HOME = "eu-west-1";
const SPOKE_REGIONS = ["us-east-1", "ap-southeast-2"];
const REGIONS = [...SPOKE_REGIONS, HOME];
const ORGANIZATION = "o-a1b2c3d4e5";
const UNITS = ["ou-ab12-cd34ef56", "ou-ab12-99887766"];
const NAMES = resourceNames({ namePrefix: "root-activity-monitor", topicName: "root-activity-monitor" }, HOME);
const ref = (address: string, attribute: string) => `\${${address}.${attribute}}`;

const organizationSettings = (context: Record<string, unknown> = {}) =>
  testSettings({ regions: SPOKE_REGIONS, homeRegion: HOME, notificationEmails: ["security@example.com"], scope: "organization", ...context });

describe("scope = organization", () => {
  let json: TerraformJson;
  let stackSet: Record<string, any>;
  let template: { Resources: Record<string, { Type: string; Properties: Record<string, any> }> };
  beforeAll(() => {
    json = synthStack(organizationSettings({ organizationId: ORGANIZATION, organizationalUnitIds: UNITS }));
    stackSet = onlyResourceIn(json, "aws_cloudformation_stack_set", HOME);
    template = JSON.parse(stackSet.template_body);
  });

  it("is central delivery: one delivery, in the home Region, fed by a rule on the hub's bus", () => {
    expect(resourcesIn(json, "aws_lambda_function", HOME)).toHaveLength(1);
    for (const region of SPOKE_REGIONS) expect(resourcesIn(json, "aws_lambda_function", region)).toHaveLength(0);
    expect(onlyResourceIn(json, "aws_cloudwatch_event_rule", HOME, { event_bus_name: ref(addressIn(json, "aws_cloudwatch_event_bus", HOME), "name"), name: "root-activity-monitor" })).toBeDefined();
  });

  it("refuses regional delivery, naming the setting", () => {
    expect(() => organizationSettings({ delivery: "regional" })).toThrow(InvalidSettingsError);
    expect(() => organizationSettings({ delivery: "regional" })).toThrow(
      'Setting "delivery" (from cdktf.json context) has the value "regional": scope = organization delivers centrally, to one hub. Allowed: central, or leave it out.',
    );
  });

  it("admits to the hub's bus only this organization's forwarding roles, in any of its accounts", () => {
    const policy = JSON.parse(onlyResourceIn(json, "aws_cloudwatch_event_bus_policy", HOME).policy);
    const bus = ref(addressIn(json, "aws_cloudwatch_event_bus", HOME), "arn");
    expect(policy.Statement).toEqual([
      {
        Sid: "OrganizationForwardingRolesPutEvents",
        Effect: "Allow",
        Principal: "*",
        Action: "events:PutEvents",
        Resource: bus,
        Condition: { StringEquals: { "aws:PrincipalOrgID": ORGANIZATION }, ArnLike: { "aws:PrincipalArn": expect.stringMatching(/:iam::\*:role\/root-activity-monitor-forward-\*$/) } },
      },
      { Sid: "NobodyOutsideTheOrganization", Effect: "Deny", Principal: "*", Action: "events:PutEvents", Resource: bus, Condition: { StringNotEquals: { "aws:PrincipalOrgID": ORGANIZATION } } },
      { Sid: "NobodyButForwardingRoles", Effect: "Deny", Principal: "*", Action: "events:PutEvents", Resource: bus, Condition: { ArnNotLike: { "aws:PrincipalArn": expect.any(String) } } },
    ]);
    // The Allow and the Deny name the same roles.
    expect(policy.Statement[2].Condition.ArnNotLike["aws:PrincipalArn"]).toBe(policy.Statement[0].Condition.ArnLike["aws:PrincipalArn"]);
  });

  it("puts the spokes in one service-managed stack set that follows accounts joining and leaving the organization", () => {
    expect(stackSet).toMatchObject({
      name: NAMES.spokeStackSet,
      permission_model: "SERVICE_MANAGED",
      auto_deployment: { enabled: true, retain_stacks_on_account_removal: false },
      capabilities: ["CAPABILITY_NAMED_IAM"],
      call_as: "SELF",
      lifecycle: { ignore_changes: ["administration_role_arn"] },
    });
    expect(json.output[outputName("spoke_stack_set_name", HOME)].value).toBe(ref(addressIn(json, "aws_cloudformation_stack_set", HOME), "name"));
  });

  it("lets the hub's function name member accounts and read the spokes, and nothing more of the organization", () => {
    const fn = onlyResourceIn(json, "aws_lambda_function", HOME);
    expect(fn.environment.variables).toMatchObject({ ORGANIZATION_ID: ORGANIZATION, CENTRALIZED_ROOT_ACCESS: "report" });
    const statements = JSON.parse(onlyResourceIn(json, "aws_iam_role_policy", HOME, "notify").policy).Statement as Array<{ Sid: string; Action: unknown; Resource: unknown }>;
    const organizationReads = statements.filter((statement) => JSON.stringify(statement.Action).includes("organizations:") || JSON.stringify(statement.Action).includes("cloudformation:"));
    expect(organizationReads.map(({ Sid, Action, Resource }) => [Sid, Action, typeof Resource === "string" ? Resource.replace(/\$\{[^}]+\}/g, "X") : (Resource as string[]).map((r) => r.replace(/\$\{[^}]+\}/g, "X"))])).toEqual([
      ["ReadMemberAccountNames", "organizations:DescribeAccount", `arn:X:organizations::X:account/${ORGANIZATION}/*`],
      ["SelfCheckListsUnitsAccounts", ["organizations:ListAccountsForParent", "organizations:ListOrganizationalUnitsForParent"], [`arn:X:organizations::X:root/${ORGANIZATION}/*`, `arn:X:organizations::X:ou/${ORGANIZATION}/*`]],
      ["SelfCheckListsAccounts", "organizations:ListAccounts", "*"],
      ["SelfCheckReadsSpokes", "cloudformation:ListStackInstances", `arn:X:cloudformation:${HOME}:X:stackset/${NAMES.spokeStackSet}:*`],
    ]);
    expect(JSON.parse(fn.environment.variables.SELF_CHECK).organization).toEqual({ stackSet: NAMES.spokeStackSet, units: UNITS });
    // The root posture: the hub's own summary, and the organization's root access features (members' root users are not read).
    expect(statements.find((statement) => statement.Sid === "ReadRootPosture")).toEqual({
      Sid: "ReadRootPosture",
      Effect: "Allow",
      Action: ["iam:GetAccountSummary", "iam:ListOrganizationsFeatures"],
      Resource: "*",
    });
  });

  it("rolls the spokes out to every account of a Region at once, and queues the Regions' operations (managed execution)", () => {
    expect(stackSet.managed_execution).toEqual({ active: true });
    for (const instance of resourcesIn(json, "aws_cloudformation_stack_set_instance", HOME)) {
      expect(instance.operation_preferences).toEqual({ max_concurrent_percentage: 100, failure_tolerance_percentage: 10, concurrency_mode: "SOFT_FAILURE_TOLERANCE" });
    }
  });

  it("has one stack-set instance per monitored Region and organizational unit (a unit added later only adds instances)", () => {
    const instances = resourcesIn(json, "aws_cloudformation_stack_set_instance", HOME);
    const targets = instances.map((instance) => `${instance.region} ${instance.deployment_targets.organizational_unit_ids.join(",")}`).sort();
    expect(targets).toEqual(REGIONS.flatMap((region) => UNITS.map((unit) => `${region} ${unit}`)).sort());
    for (const instance of instances) {
      expect(instance).toMatchObject({ stack_set_name: ref(addressIn(json, "aws_cloudformation_stack_set", HOME), "name"), call_as: "SELF" });
    }
    // Named for its Region and unit, so that the addresses of the other units' instances stay as they are.
    const addresses = Object.keys(json.resource.aws_cloudformation_stack_set_instance);
    for (const region of REGIONS) for (const unit of UNITS) expect(addresses.some((address) => address.includes(`_Instance-${region}-${unit}_`))).toBe(true);
  });

  it("keeps the management account's own rules, forwarding to the hub like any spoke (StackSets never deploys there)", () => {
    for (const region of REGIONS) {
      const target = resourcesIn(json, "aws_cloudwatch_event_target", region).find((t) => t.event_bus_name === undefined && t.target_id === "notify");
      expect(target?.arn).toBe(ref(addressIn(json, "aws_cloudwatch_event_bus", HOME), "arn"));
    }
  });

  describe("the spoke template", () => {
    it("holds exactly a rule, a forwarding role and a dead-letter queue with its policy", () => {
      expect(Object.fromEntries(Object.entries(template.Resources).map(([id, resource]) => [id, resource.Type]))).toEqual({
        [SPOKE_RESOURCES.rule]: "AWS::Events::Rule",
        [SPOKE_RESOURCES.role]: "AWS::IAM::Role",
        [SPOKE_RESOURCES.deadLetterQueue]: "AWS::SQS::Queue",
        [SPOKE_RESOURCES.deadLetterQueuePolicy]: "AWS::SQS::QueuePolicy",
      });
    });

    it("selects root activity on the default bus with the rule construct's pattern and state, and forwards it to the hub's bus", () => {
      const rule = template.Resources[SPOKE_RESOURCES.rule].Properties;
      expect(rule).toMatchObject({ Name: NAMES.rule, EventBusName: "default", EventPattern: ROOT_ACTIVITY_EVENT_PATTERN, State: "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS" });
      expect(rule.Targets).toEqual([
        {
          Id: "notify",
          Arn: ref(addressIn(json, "aws_cloudwatch_event_bus", HOME), "arn"),
          RoleArn: { "Fn::GetAtt": [SPOKE_RESOURCES.role, "Arn"] },
          RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 24 },
          DeadLetterConfig: { Arn: { "Fn::GetAtt": [SPOKE_RESOURCES.deadLetterQueue, "Arn"] } },
        },
      ]);
      // The same rule as the management account's own, in every Region.
      const own = onlyResourceIn(json, "aws_cloudwatch_event_rule", "us-east-1", NAMES.rule);
      expect(JSON.parse(own.event_pattern)).toEqual(rule.EventPattern);
      expect(own.state).toBe(rule.State);
    });

    it("gives the role, named after its Region, nothing but events:PutEvents on the hub's bus, and lets only its own account's rule assume it", () => {
      const role = template.Resources[SPOKE_RESOURCES.role].Properties;
      expect(role.RoleName).toEqual({ "Fn::Join": ["", ["root-activity-monitor-forward-", { Ref: "AWS::Region" }]] });
      expect(role.Policies).toEqual([
        { PolicyName: "forward", PolicyDocument: { Version: "2012-10-17", Statement: [{ Sid: "ForwardToCentralBus", Effect: "Allow", Action: "events:PutEvents", Resource: ref(addressIn(json, "aws_cloudwatch_event_bus", HOME), "arn") }] } },
      ]);
      const [trust] = role.AssumeRolePolicyDocument.Statement;
      expect(trust).toEqual({
        Sid: "RuleAssumesRole",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } },
          ArnEquals: {
            "aws:SourceArn": { "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, ":events:", { Ref: "AWS::Region" }, ":", { Ref: "AWS::AccountId" }, `:rule/${NAMES.rule}`]] },
          },
        },
      });
    });

    it("keeps undeliverable events 14 days, encrypted, in a queue only the spoke's rule may write to, over TLS", () => {
      expect(template.Resources[SPOKE_RESOURCES.deadLetterQueue].Properties).toEqual({ QueueName: NAMES.deadLetterQueue, MessageRetentionPeriod: 1_209_600, SqsManagedSseEnabled: true });
      const policy = template.Resources[SPOKE_RESOURCES.deadLetterQueuePolicy].Properties;
      expect(policy.Queues).toEqual([{ Ref: SPOKE_RESOURCES.deadLetterQueue }]);
      expect(policy.PolicyDocument.Statement.map((s: { Sid: string; Effect: string }) => [s.Sid, s.Effect])).toEqual([
        ["RuleSendsUndeliverableEvents", "Allow"],
        // Nobody puts an event there by hand, in a member account either.
        ["NobodySendsByHand", "Deny"],
        ["DenyInsecureTransport", "Deny"],
      ]);
      expect(policy.PolicyDocument.Statement[0].Condition.ArnEquals["aws:SourceArn"]).toEqual(
        template.Resources[SPOKE_RESOURCES.role].Properties.AssumeRolePolicyDocument.Statement[0].Condition.ArnEquals["aws:SourceArn"],
      );
    });

    it("carries no marker left unturned into CloudFormation's pseudo parameters", () => {
      expect(stackSet.template_body).not.toContain("«");
    });

    it("carries no Terraform interpolation of its own: every ${ in the body is a Terraform reference", () => {
      for (const match of stackSet.template_body.matchAll(/\$\{([^}]*)\}/g)) expect(match[1]).toMatch(/^(aws_|data\.)/);
    });
  });

  describe("what Terraform reads from Organizations at plan time", () => {
    it("reads the organization for its id and root when neither is given (synth needs no credentials)", () => {
      const bare = synthStack(organizationSettings());
      const organization = Object.keys(bare.data.aws_organizations_organization ?? {});
      expect(organization).toHaveLength(1);
      const address = `data.aws_organizations_organization.${organization[0]}`;
      const policy = JSON.parse(onlyResourceIn(bare, "aws_cloudwatch_event_bus_policy", HOME).policy);
      expect(policy.Statement[0].Condition.StringEquals["aws:PrincipalOrgID"]).toBe(`\${${address}.id}`);
      for (const instance of resourcesIn(bare, "aws_cloudformation_stack_set_instance", HOME)) {
        expect(instance.deployment_targets.organizational_unit_ids).toEqual([`\${${address}.roots[0].id}`]);
      }
    });

    it("stops the plan, in the project's words, when the account that reads the organization is not its management account", () => {
      const bare = synthStack(organizationSettings());
      const [organization] = Object.values(bare.data.aws_organizations_organization ?? {}) as Array<{ lifecycle?: { postcondition?: unknown[] } }>;
      const callers = Object.keys(bare.data.aws_caller_identity ?? {}).filter((name) => (bare.data.aws_caller_identity[name] as { provider: string }).provider === `aws.${HOME}`);
      const condition = (organization.lifecycle?.postcondition?.[0] as { condition?: string } | undefined)?.condition ?? "";
      // The account that plans, read in the home Region (any of that Region's caller identities is the same account).
      const caller = /^\$\{\(self\.master_account_id == data\.aws_caller_identity\.([^.]+)\.account_id\)\}$/.exec(condition)?.[1];
      expect(callers).toContain(caller);
      expect(organization.lifecycle?.postcondition).toEqual([
        {
          condition,
          error_message:
            "scope is organization, but this account is not its organization's management account: only the management account can deploy the spokes' stack set to member accounts. Run with credentials of the management account, or set scope to account to monitor this account alone.",
        },
      ]);
    });

    it("reads nothing when both are given", () => {
      expect(json.data.aws_organizations_organization).toBeUndefined();
    });
  });

  it("is not there with scope = account: no stack set, and the bus admits this account's roles only", () => {
    const account = synthStack(testSettings({ regions: SPOKE_REGIONS, homeRegion: HOME, delivery: "central" }));
    expect(account.resource.aws_cloudformation_stack_set).toBeUndefined();
    expect(JSON.parse(onlyResourceIn(account, "aws_cloudwatch_event_bus_policy", HOME).policy).Statement[0].Sid).toBe("ForwardingRolesPutEvents");
  });

  it.each([
    ["organizationId", "o-UPPER", 'Setting "organizationId" (from cdktf.json context) has the value "o-UPPER": "o-UPPER" is not an organization id. Allowed: an organization id such as o-a1b2c3d4e5.'],
    ["organizationalUnitIds", ["ou-1"], 'Setting "organizationalUnitIds" (from cdktf.json context) has the value ["ou-1"]: "ou-1" is not an organizational unit or root id. Allowed: organizational unit ids such as ou-ab12-cd34ef56, or the root\'s id such as r-ab12.'],
    ["scope", "org", 'Setting "scope" (from cdktf.json context) has the value "org": not a scope. Allowed: account, organization.'],
  ])("refuses a bad %s at synth time, naming it", (key, value, message) => {
    expect(() => organizationSettings({ [key]: value })).toThrow(message);
  });
});
