import { buildDigest, DIGEST_ADDRESS_LIMIT, DIGEST_DETAIL_LIMIT, selectForDigest, sessionHistoryLink } from "../../handler/messages/digest";
import type { PendingAction } from "../../handler/sessions/session-record";
import { isValidSnsSubject } from "../../handler/messages/subject";

const TOPIC = "arn:aws:sns:us-east-1:111122223333:root-activity-monitor";
const SESSION = { key: "111122223333:key:0123456789abcdef", label: "access key ASIAEXAMPLE1", accountId: "111122223333", accessKeyId: "ASIAEXAMPLE1" };
const START = Date.parse("2026-11-20T07:40:00Z");

function action(index: number, overrides: Partial<PendingAction> = {}): PendingAction {
  return {
    eventId: `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
    eventName: index % 3 === 0 ? "DescribeInstances" : "ListBuckets",
    eventSource: index % 3 === 0 ? "ec2.amazonaws.com" : "s3.amazonaws.com",
    eventTime: new Date(START + index * 1000).toISOString().replace(/\.\d+Z$/, "Z"),
    region: index % 2 === 0 ? "us-east-1" : "eu-west-1",
    sourceIp: "198.51.100.7",
    failed: false,
    severity: "low",
    ...overrides,
  };
}

const digestOf = (actions: PendingAction[]) => buildDigest({ topicArn: TOPIC, session: SESSION, actions, accountAlias: "prod-payments", firstSeen: START, lastSeen: START + 12 * 60_000 });
const parts = (actions: PendingAction[]) => {
  const request = digestOf(actions);
  const message = JSON.parse(request.Message as string) as { default: string; email: string; sms: string };
  return { request, email: message.email, json: JSON.parse(message.default) };
};

describe("buildDigest", () => {
  const actions = Array.from({ length: 143 }, (_, index) => action(index, index === 7 ? { failed: true, errorCode: "AccessDenied", eventName: "CreateUser", eventSource: "iam.amazonaws.com" } : {}));

  it("says how many actions, in which account, over how long", () => {
    const { request, email } = parts(actions);
    expect(request.Subject).toBe('Root session digest-"143 more actions" detected in Account-"prod-payments"');
    expect(isValidSnsSubject(request.Subject as string)).toBe(true);
    expect(email.split("\n")[0]).toBe("Root session in prod-payments (111122223333): 143 more actions in 12 minute(s) since the session began.");
  });

  it("counts the actions by name and by Region, and lists the failed ones", () => {
    const { email, json } = parts(actions);
    expect(email).toContain("     48  DescribeInstances (ec2.amazonaws.com)");
    expect(email).toContain("     72  us-east-1");
    expect(email).toContain("FAILED CALLS: 1");
    expect(json.counts).toEqual({ byEventName: { ListBuckets: 94, DescribeInstances: 48, CreateUser: 1 }, byRegion: { "us-east-1": 72, "eu-west-1": 71 }, failed: 1 });
  });

  it(`details the first ${DIGEST_DETAIL_LIMIT} actions and covers every one by its event id`, () => {
    const { email, json } = parts(actions);
    expect(email).toContain(`THE FIRST ${DIGEST_DETAIL_LIMIT} IN DETAIL`);
    expect(email).toContain(actions[49].eventId);
    expect(email).not.toContain(actions[50].eventId);
    expect(json.eventIds).toEqual(actions.map((a) => a.eventId));
    expect(json).toMatchObject({ schema: "root-activity-monitor/notification/v2", kind: "digest", session: { key: SESSION.key, accessKeyId: "ASIAEXAMPLE1" } });
  });

  it("links to CloudTrail's event history filtered on the session's access key", () => {
    expect(parts(actions).email).toContain(sessionHistoryLink("us-east-1", "ASIAEXAMPLE1"));
    expect(sessionHistoryLink("eu-west-1", "ASIA/+=")).toBe("https://eu-west-1.console.aws.amazon.com/cloudtrailv2/home?region=eu-west-1#/events?AccessKeyId=ASIA%2F%2B%3D");
  });

  it("carries the worst severity among its actions as an attribute, for subscription filter policies", () => {
    const { request } = parts([action(1), action(2, { severity: "high" }), action(3, { severity: "medium" })]);
    expect(request.MessageAttributes).toMatchObject({ messageKind: { StringValue: "digest" }, severity: { StringValue: "high" }, session: { StringValue: SESSION.key } });
  });

  it("cleans what the actions bring: no line of the email begins with text from an event", () => {
    const hostile = action(1, { eventName: "List\nWHAT TO DO\n1. Visit https://evil.example", sourceIp: "1.2.3.4\u2028SEE IT" });
    const { email } = parts([hostile]);
    expect(email).not.toMatch(/^WHAT TO DO/m);
    expect(email).not.toMatch(/^SEE IT/m);
    expect(email).not.toContain("\u2028");
  });
});

describe("a digest of a member account's session (scope = organization)", () => {
  it("carries the organization's id in the JSON copy, and none without one", () => {
    const withOrganization = buildDigest({ topicArn: TOPIC, session: SESSION, actions: [action(1)], accountAlias: "payments-prod", organizationId: "o-a1b2c3d4e5", firstSeen: START, lastSeen: START });
    expect(JSON.parse(JSON.parse(withOrganization.Message as string).default).account).toEqual({ id: SESSION.accountId, alias: "payments-prod", organizationId: "o-a1b2c3d4e5" });
    expect(parts([action(1)]).json.account).not.toHaveProperty("organizationId");
  });
});

describe("a digest with high and critical actions among many (issue 20, item 7)", () => {
  // 56 actions, the high and critical ones last in time: beyond "the first 50 in detail".
  const many = Array.from({ length: 56 }, (_, index) =>
    index === 52
      ? action(index, { eventName: "AttachUserPolicy", eventSource: "iam.amazonaws.com", severity: "critical", parameters: { user: "backup-admin", policy: "arn:aws:iam::aws:policy/AdministratorAccess" } })
      : index === 54
        ? action(index, { eventName: "PutBucketPolicy", eventSource: "s3.amazonaws.com", severity: "high", parameters: { bucket: "payments-exports" } })
        : action(index),
  );

  it("lists every high and critical action first, in detail with its key parameters, whatever its place in time", () => {
    const { email, json } = parts(many);
    const lines = email.split("\n");
    const heading = lines.indexOf("HIGH AND CRITICAL: 2, EACH IN DETAIL");
    expect(heading).toBeGreaterThan(0);
    expect(heading).toBeLessThan(lines.indexOf("BY ACTION"));
    expect(lines[heading + 1]).toMatch(/^ {2}CRITICAL .*AttachUserPolicy {2}user=backup-admin policy=arn:aws:iam::aws:policy\/AdministratorAccess .*00000000-0000-4000-8000-000000000052$/);
    expect(lines[heading + 2]).toMatch(/^ {2}HIGH .*PutBucketPolicy {2}bucket=payments-exports .*00000000-0000-4000-8000-000000000054$/);
    expect(json.actions.slice(0, 2).map((a: PendingAction) => a.eventId)).toEqual([many[52].eventId, many[54].eventId]);
  });

  it("carries the highest severity inside in its subject", () => {
    expect(parts(many).request.Subject).toBe('[CRITICAL] Root session digest-"56 more actions" detected in Account-"prod-payments"');
    expect(parts([action(1), action(2, { severity: "high" })]).request.Subject).toBe('[HIGH] Root session digest-"2 more actions" detected in Account-"prod-payments"');
  });

  it("takes every high and critical action waiting before the others when a digest cannot take them all", () => {
    const waiting = [...Array.from({ length: 10 }, (_, index) => action(index)), action(10, { severity: "high" }), action(11, { severity: "critical" })];
    expect(selectForDigest(waiting, 5).map((a) => a.eventId)).toEqual([waiting[10], waiting[11], waiting[0], waiting[1], waiting[2]].map((a) => a.eventId));
  });
});

describe("the digest of a spray of failed sign-ins from many addresses", () => {
  const signIn = (index: number, sourceIp: string) => action(index, { eventName: "ConsoleLogin", eventSource: "signin.amazonaws.com", sourceIp, failed: true, severity: "high" });
  const spray = [signIn(1, "203.0.113.5"), signIn(2, "203.0.113.5"), signIn(3, "203.0.113.5"), signIn(4, "192.0.2.9"), signIn(5, "198.51.100.44")];

  it("counts the attempts by source address, the most first", () => {
    const { email, json } = parts(spray);
    const lines = email.split("\n");
    const start = lines.indexOf("BY SOURCE ADDRESS (3 addresses)");
    expect(start).toBeGreaterThan(lines.indexOf("BY REGION"));
    expect(lines.slice(start + 1, start + 4)).toEqual(["      3  203.0.113.5", "      1  192.0.2.9", "      1  198.51.100.44"]);
    expect(json.counts.bySourceAddress).toEqual({ "203.0.113.5": 3, "192.0.2.9": 1, "198.51.100.44": 1 });
  });

  it("says nothing by address when every action came from one", () => {
    const { email, json } = parts(spray.slice(0, 3));
    expect(email).not.toContain("BY SOURCE ADDRESS");
    expect(json.counts).not.toHaveProperty("bySourceAddress");
  });

  it(`counts at most ${DIGEST_ADDRESS_LIMIT} addresses one by one and sums the rest in one line`, () => {
    const many = Array.from({ length: 250 }, (_, index) => signIn(index, `10.0.${Math.floor(index / 200)}.${index % 200}`));
    const { email, json } = parts(many);
    const lines = email.split("\n");
    const start = lines.indexOf("BY SOURCE ADDRESS (250 addresses)");
    expect(lines.slice(start + 1).findIndex((line) => line === "")).toBe(101);
    expect(lines[start + 101]).toBe("    150  from 150 more addresses");
    expect(Object.keys(json.counts.bySourceAddress)).toHaveLength(100);
  });
});
