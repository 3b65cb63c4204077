/** Central delivery: the forwarding roles' trust and rights, and who may put events on the central bus. */
import { document, oneOrMany, type PolicyDocument } from "../policies/policy-document";

/**
 * Who may assume a Region's forwarding role: EventBridge, for that Region's rule in this account
 * only (the rule's ARN is named, so no other rule, and no other account's rule, can borrow it).
 */
export function forwardingAssumeRolePolicy(ruleArn: string | readonly string[], accountId: string): PolicyDocument {
  return document({
    Sid: "RuleAssumesRole",
    Effect: "Allow",
    Principal: { Service: "events.amazonaws.com" },
    Action: "sts:AssumeRole",
    Condition: { StringEquals: { "aws:SourceAccount": accountId }, ArnEquals: { "aws:SourceArn": typeof ruleArn === "string" ? ruleArn : oneOrMany(ruleArn) } },
  });
}

/** What a forwarding role may do: put events on the central bus, nothing else. */
export function forwardingRolePolicy(eventBusArn: string): PolicyDocument {
  return document({ Sid: "ForwardToCentralBus", Effect: "Allow", Action: "events:PutEvents", Resource: eventBusArn });
}

interface CentralBusPolicyInput {
  /** The account's own principal (`arn:…:iam::<account>:root`). */
  readonly accountRootArn: string;
  readonly eventBusArn: string;
  /** The forwarding roles of this account's rules, one per monitored Region. */
  readonly forwardingRoleArns: readonly string[];
}

/**
 * Who may put events on the central bus: this account's forwarding roles, and nobody else. No other
 * account; and no other principal of this account either (the Deny), since a forged root event on
 * this bus would be told as real, and within one account an identity policy alone would suffice.
 */
export function centralBusPolicy(input: CentralBusPolicyInput): PolicyDocument {
  const roles = input.forwardingRoleArns.length === 1 ? input.forwardingRoleArns[0] : input.forwardingRoleArns;
  return document(
    {
      Sid: "ForwardingRolesPutEvents",
      Effect: "Allow",
      Principal: { AWS: input.accountRootArn },
      Action: "events:PutEvents",
      Resource: input.eventBusArn,
      Condition: { ArnEquals: { "aws:PrincipalArn": roles } },
    },
    {
      Sid: "NobodyElsePutsEvents",
      Effect: "Deny",
      Principal: "*",
      Action: "events:PutEvents",
      Resource: input.eventBusArn,
      Condition: { ArnNotEquals: { "aws:PrincipalArn": roles } },
    },
  );
}

interface OrganizationBusPolicyInput {
  readonly eventBusArn: string;
  readonly organizationId: string;
  /** The forwarding roles in any account and Region: `arn:…:iam::*:role/<name pattern>`, `*` for what varies. */
  readonly forwardingRolesArnPattern: string;
}

/**
 * Who may put events on the hub's bus (scope = organization): the forwarding roles of this
 * organization's accounts, and nobody else. Two Denies: a principal outside the organization, and
 * any principal of it that is not a forwarding role (a forged root event would be told as real).
 */
export function organizationBusPolicy(input: OrganizationBusPolicyInput): PolicyDocument {
  const roles = input.forwardingRolesArnPattern;
  const putEvents = { Principal: "*", Action: "events:PutEvents", Resource: input.eventBusArn } as const;
  return document(
    {
      Sid: "OrganizationForwardingRolesPutEvents",
      Effect: "Allow",
      ...putEvents,
      Condition: { StringEquals: { "aws:PrincipalOrgID": input.organizationId }, ArnLike: { "aws:PrincipalArn": roles } },
    },
    { Sid: "NobodyOutsideTheOrganization", Effect: "Deny", ...putEvents, Condition: { StringNotEquals: { "aws:PrincipalOrgID": input.organizationId } } },
    { Sid: "NobodyButForwardingRoles", Effect: "Deny", ...putEvents, Condition: { ArnNotLike: { "aws:PrincipalArn": roles } } },
  );
}
