/** Reads every policy in synthesized Terraform JSON and judges it: wildcards, and whether alarms can deliver. */
import { resolveAccountAndPartition, type ResourceMap } from "./synth";

type Statement = {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: "*" | { AWS?: string | string[]; Service?: string | string[] };
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
};

export interface FoundPolicy {
  readonly type: string;
  readonly address: string;
  readonly statements: Statement[];
}

const POLICY_ATTRIBUTES = ["policy", "assume_role_policy"];
const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Every JSON policy document held by any resource. */
export function policiesIn(json: { resource: ResourceMap }): FoundPolicy[] {
  const found: FoundPolicy[] = [];
  for (const [type, byName] of Object.entries(json.resource)) {
    for (const [name, resource] of Object.entries(byName)) {
      for (const attribute of POLICY_ATTRIBUTES) {
        if (typeof resource[attribute] === "string") {
          found.push({ type, address: `${type}.${name}`, statements: JSON.parse(resource[attribute]).Statement });
        }
      }
    }
  }
  return found;
}

/** A wildcard that is allowed: where (resource type, statement id, and whether in its actions or its resources) and why. */
export interface AllowedWildcard {
  readonly type: string;
  readonly sid: string;
  readonly in: "Action" | "Resource";
  readonly why: string;
}

const isWild = (value: string) => value.replace(/\$\{[^}]*\}/g, "").includes("*");

/** Wildcards (`*` in an action or a resource, or an Allow to every principal) not in the allow-list. */
export function unexplainedWildcards(json: { resource: ResourceMap }, allowed: readonly AllowedWildcard[]): string[] {
  const findings: string[] = [];
  for (const policy of policiesIn(json)) {
    for (const statement of policy.statements) {
      const everyone = statement.Effect === "Allow" && (statement.Principal === "*" || list(statement.Principal?.AWS).includes("*"));
      if (everyone) findings.push(`${policy.address} ${statement.Sid}: allows every principal`);
      for (const field of ["Action", "Resource"] as const) {
        const wild = list(statement[field]).filter(isWild);
        if (wild.length > 0 && !allowed.some((entry) => entry.type === policy.type && entry.sid === statement.Sid && entry.in === field)) {
          findings.push(`${policy.address} ${statement.Sid ?? "(no Sid)"} ${field}: ${wild.join(", ")}`);
        }
      }
    }
  }
  return findings;
}

const globToRegExp = (glob: string) => new RegExp(`^${glob.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);

/**
 * Why each alarm's actions could not deliver, if any: the action must be a topic of this stack in the
 * alarm's own Region, the topic's policy must let CloudWatch publish for the alarm's ARN from this
 * account, and CloudWatch must be allowed to use the topic's key (the AWS-managed SNS key never allows it).
 */
export function undeliverableAlarms(json: { resource: ResourceMap; data: ResourceMap }): string[] {
  const problems: string[] = [];
  const resolve = (text: string) => resolveAccountAndPartition(json, text);
  const topicPolicies = Object.values(json.resource.aws_sns_topic_policy ?? {});
  for (const alarm of Object.values(json.resource.aws_cloudwatch_metric_alarm ?? {})) {
    const region = String(alarm.provider).replace(/^aws\./, "");
    const alarmArn = `arn:<partition:${region}>:cloudwatch:${region}:<account:${region}>:alarm:${alarm.alarm_name}`;
    for (const action of [...list<string>(alarm.alarm_actions), ...list<string>(alarm.ok_actions)]) {
      const topicName = /^\$\{aws_sns_topic\.([^.]+)\.arn\}$/.exec(action)?.[1];
      const topic = topicName ? json.resource.aws_sns_topic?.[topicName] : undefined;
      if (!topic) {
        problems.push(`${alarm.alarm_name}: action ${action} is not a topic of this stack`);
        continue;
      }
      if (topic.provider !== alarm.provider) {
        problems.push(`${alarm.alarm_name}: topic ${topic.name} is in ${topic.provider}, the alarm in ${alarm.provider}`);
      }
      const key = topic.kms_master_key_id as string | undefined;
      if (key !== undefined) {
        const keyName = /^\$\{aws_kms_key\.([^.]+)\.arn\}$/.exec(key)?.[1];
        const keyPolicy = keyName ? (JSON.parse(json.resource.aws_kms_key[keyName].policy).Statement as Statement[]) : [];
        const cloudWatchMayUseKey = keyPolicy.some(
          (s) =>
            s.Effect === "Allow" &&
            s.Principal !== "*" &&
            list(s.Principal?.Service).includes("cloudwatch.amazonaws.com") &&
            ["kms:GenerateDataKey", "kms:Decrypt"].every((needed) => list(s.Action).includes(needed)) &&
            s.Condition === undefined,
        );
        if (!cloudWatchMayUseKey) problems.push(`${alarm.alarm_name}: CloudWatch may not use the key ${key} of topic ${topic.name}`);
      }
      const policy = topicPolicies.find((candidate) => candidate.arn === action);
      const allowsPublish = (JSON.parse(policy?.policy ?? '{"Statement":[]}').Statement as Statement[]).some(
        (s) =>
          s.Effect === "Allow" &&
          s.Principal !== "*" &&
          list(s.Principal?.Service).includes("cloudwatch.amazonaws.com") &&
          list(s.Action).includes("sns:Publish") &&
          list(s.Resource).includes(action) &&
          list(s.Condition?.ArnLike?.["aws:SourceArn"] as string | undefined).every((pattern) => globToRegExp(resolve(pattern)).test(alarmArn)) &&
          list(s.Condition?.StringEquals?.["aws:SourceAccount"] as string | undefined).every((account) => resolve(account) === `<account:${region}>`),
      );
      if (!allowsPublish) problems.push(`${alarm.alarm_name}: the policy of topic ${topic.name} does not let this alarm publish`);
    }
  }
  return problems;
}

/**
 * Principals that an Allow admits from outside this account: every AWS principal must be this
 * account (its root, or one of its roles), as the stack's caller-identity data sources name it.
 */
export function principalsOutsideAccount(json: { resource: ResourceMap; data: ResourceMap }): string[] {
  const ours = /^arn:<partition:[a-z0-9-]+>:iam::<account:[a-z0-9-]+>:(root|role\/[\w+=,.@-]+)$/;
  const findings: string[] = [];
  for (const policy of policiesIn(json)) {
    for (const statement of policy.statements) {
      if (statement.Effect !== "Allow" || statement.Principal === undefined || statement.Principal === "*") continue;
      for (const principal of list(statement.Principal.AWS)) {
        // A role's ARN given by reference (`${aws_iam_role.x.arn}`) is a role of this stack.
        const resolved = resolveAccountAndPartition(json, principal);
        if (!ours.test(resolved) && !/^\$\{aws_iam_role\.[^.]+\.arn\}$/.test(principal)) findings.push(`${policy.address} ${statement.Sid}: ${principal}`);
      }
    }
  }
  return findings;
}

/** The chat channel configurations' types (Amazon Q Developer in chat applications). */
const CHAT_CONFIGURATION_TYPES = ["aws_chatbot_slack_channel_configuration", "aws_chatbot_teams_channel_configuration"];
/** Everything that can give a role permissions besides its own attributes. */
const ROLE_GRANT_TYPES = ["aws_iam_role_policy", "aws_iam_role_policy_attachment", "aws_iam_policy_attachment", "aws_iam_role_policies_exclusive", "aws_iam_role_policy_attachments_exclusive"];

/**
 * What a chat channel could do beyond posting: a configuration without a guardrail (the service then
 * applies AdministratorAccess) or with one other than the AWS managed ReadOnlyAccess; a channel role
 * that anyone but the chat service may assume, or that holds any permission at all (inline, managed,
 * or attached by another resource).
 */
export function chatChannelPermissions(json: { resource: ResourceMap; data: ResourceMap }): string[] {
  const findings: string[] = [];
  // AWSDenyAll (what the monitor sets) or ReadOnlyAccess (the most a channel may be given).
  const readOnly = /^arn:<partition:[a-z0-9-]+>:iam::aws:policy\/(?:AWSDenyAll|ReadOnlyAccess)$/;
  for (const type of CHAT_CONFIGURATION_TYPES) {
    for (const [name, configuration] of Object.entries(json.resource[type] ?? {})) {
      const address = `${type}.${name}`;
      const guardrails = list<string>(configuration.guardrail_policy_arns);
      if (guardrails.length === 0) findings.push(`${address}: no guardrail (the service applies AdministratorAccess)`);
      for (const guardrail of guardrails) if (!readOnly.test(resolveAccountAndPartition(json, guardrail))) findings.push(`${address}: guardrail ${guardrail} is neither AWSDenyAll nor ReadOnlyAccess`);
      const roleName = /^\$\{aws_iam_role\.([^.]+)\.arn\}$/.exec(String(configuration.iam_role_arn))?.[1];
      const role = roleName ? json.resource.aws_iam_role?.[roleName] : undefined;
      if (!role || !roleName) {
        findings.push(`${address}: its role ${configuration.iam_role_arn} is not a role of this stack`);
        continue;
      }
      const trust = JSON.parse(role.assume_role_policy).Statement as Statement[];
      const onlyChatService = trust.every(
        (s) => s.Effect === "Deny" || (s.Principal !== "*" && s.Principal?.AWS === undefined && list(s.Principal?.Service).join() === "chatbot.amazonaws.com" && list(s.Action).join() === "sts:AssumeRole"),
      );
      if (!onlyChatService) findings.push(`aws_iam_role.${roleName}: may be assumed by more than the chat service`);
      for (const attribute of ["inline_policy", "managed_policy_arns"]) if (role[attribute] !== undefined) findings.push(`aws_iam_role.${roleName}: holds ${attribute}`);
      for (const grantType of ROLE_GRANT_TYPES) {
        for (const [grantName, grant] of Object.entries(json.resource[grantType] ?? {})) {
          const roles = [...list<string>(grant.role), ...list<string>(grant.roles), ...list<string>(grant.role_name)];
          if (roles.some((r) => r.includes(`aws_iam_role.${roleName}.`) || r === role.name)) findings.push(`${grantType}.${grantName}: gives the chat role ${role.name} permissions`);
        }
      }
    }
  }
  return [...new Set(findings)];
}
