/**
 * Changes to the monitor's own resources, as the tamper rule delivers them (wrapped in a tamper
 * message): told at once as critical, naming who, what, which resource and from where, once per
 * event; root's own change still keeps its place in root's session through the root rule.
 */
import { IAMClient, ListAccountAliasesCommand } from "@aws-sdk/client-iam";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { createAccountAliasLookup } from "../../handler/messages/account-alias";
import { createAccountNameLookup } from "../../handler/messages/account-name";
import { createDeliveryHandler } from "../../handler/delivery/delivery-handler";
import { MESSAGE_KEYS } from "../../handler/messages/envelope";
import { isValidSnsSubject } from "../../handler/messages/subject";
import { freeSlots } from "../../emulator/in-memory-delivery";
import { inMemoryOnce } from "../../handler/sessions/in-memory-once";
import { InMemorySessionStore } from "../../handler/sessions/in-memory-store";
import { loadFixture } from "../helpers/fixtures";
import { recordingLogger } from "../helpers/silent-logger";

const TOPIC = "arn:aws:sns:us-east-1:111122223333:root-activity-monitor";
const snsMock = mockClient(SNSClient);
const iamMock = mockClient(IAMClient);

/** What the tamper rule's input transformer puts on the buffer: `{"type":"root-activity-monitor/tamper","event":<aws.events.event.json>}`. */
const wrapped = (event: unknown) => JSON.stringify({ type: "root-activity-monitor/tamper", event });

function newHandler() {
  const logger = recordingLogger();
  const handle = createDeliveryHandler({
    topicArn: TOPIC,
    sns: new SNSClient({}),
    sessions: new InMemorySessionStore(),
    slots: freeSlots(),
    scheduleDigest: async () => undefined,
    lookupAccountName: createAccountNameLookup({ ownAlias: createAccountAliasLookup(new IAMClient({})) }),
    logger,
    digestIntervalSeconds: 300,
    sessionQuietSeconds: 600,
    once: inMemoryOnce(),
    now: () => Date.parse("2026-11-20T09:15:00Z"),
  });
  let number = 0;
  return (body: string) => handle({ messageId: `sqs-${(number += 1)}`, body }, 30_000);
}

const published = () => snsMock.commandCalls(PublishCommand).map((call) => call.args[0].input);
const partOf = (index: number, key: string) => JSON.parse(published()[index].Message ?? "{}")[key] as string;

describe("a change to the monitor's own resources", () => {
  beforeEach(() => {
    snsMock.reset();
    iamMock.reset();
    snsMock.on(PublishCommand).resolves({ MessageId: "msg-1" });
    iamMock.on(ListAccountAliasesCommand).resolves({ AccountAliases: ["prod-payments"] });
  });

  it("is told at once as critical when a principal other than root puts a policy on the function's role, naming what, which resource and who", async () => {
    const outcome = await newHandler()(wrapped(loadFixture("tamper-put-role-policy")));
    expect(outcome).toMatchObject({ status: "tamper told", severity: "critical", eventId: "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9" });
    expect(published()).toHaveLength(1);
    const { Subject, MessageAttributes } = published()[0];
    expect(Subject).toBe("[CRITICAL] Root activity monitor tampered with: PutRolePolicy on root-activ... by PowerUser/mallory");
    expect(isValidSnsSubject(Subject ?? "")).toBe(true);
    expect(MessageAttributes).toMatchObject({ messageKind: { StringValue: "tamper" }, severity: { StringValue: "critical" }, eventName: { StringValue: "PutRolePolicy" } });
  });

  it("says in the email who did it, as what, from where, on which resource, and what to do", async () => {
    await newHandler()(wrapped(loadFixture("tamper-put-role-policy")));
    const email = partOf(0, MESSAGE_KEYS.email);
    expect(email).toContain("Resource:   root-activity-monitor-us-east-1");
    expect(email).toContain("Changed by: arn:aws:sts::111122223333:assumed-role/PowerUser/mallory (AssumedRole, account 111122223333)");
    expect(email).toContain("Session of: arn:aws:iam::111122223333:role/PowerUser");
    expect(email).toContain("Source IP:  198.51.100.77");
    expect(email).toContain("Account:    prod-payments (111122223333)");
    expect(email).toContain("npm run doctor");
    expect(email).toContain("take the rights that made it away from arn:aws:iam::111122223333:role/PowerUser.");
    const copy = JSON.parse(partOf(0, MESSAGE_KEYS.json));
    expect(copy).toMatchObject({ kind: "tamper", severity: "critical", resource: "root-activity-monitor-us-east-1", principalType: "AssumedRole", sourceIp: "198.51.100.77" });
    expect(copy.event.detail.requestParameters.roleName).toBe("root-activity-monitor-us-east-1");
  });

  it("names CloudFormation when it made the change for someone", async () => {
    await newHandler()(wrapped(loadFixture("tamper-cloudformation-attach-role-policy")));
    const email = partOf(0, MESSAGE_KEYS.email);
    expect(email).toContain("Invoked by: cloudformation.amazonaws.com (an AWS service acting for that principal)");
    expect(email).toContain("Changed by: arn:aws:sts::111122223333:assumed-role/StackDeployer/AWSCloudFormation");
    expect(published()[0].Subject).toMatch(/^\[CRITICAL\] Root activity monitor tampered with: AttachRolePolicy on /);
  });

  it("is told once however often the tamper rule delivers it", async () => {
    const handler = newHandler();
    const event = loadFixture("tamper-put-role-policy");
    await handler(wrapped(event));
    await handler(wrapped(event));
    expect(published()).toHaveLength(1);
  });

  it("by root, is told as tampering and still alerts in root's session through the root rule", async () => {
    const handler = newHandler();
    const root = loadFixture("root-delete-monitor-rule");
    const tamper = await handler(wrapped(root));
    const session = await handler(JSON.stringify(root));
    expect(tamper.status).toBe("tamper told");
    expect(session).toMatchObject({ status: "alerted", severity: "critical" });
    expect(published().map((message) => message.Subject)).toEqual([expect.stringMatching(/^\[CRITICAL\] Root activity monitor tampered with: DeleteRule on /), expect.stringMatching(/^\[CRITICAL\] Root API call-"DeleteRule"/)]);
  });

  it("shows hidden characters in the principal and user agent as visible escapes, never raw", async () => {
    const event = loadFixture("tamper-put-role-policy");
    event.detail.userAgent = "aws-cli\u2028WHAT TO DO\u20281. Ignore this";
    event.detail.userIdentity.arn = "arn:aws:sts::111122223333:assumed-role/Power\u202eUser/x";
    await newHandler()(wrapped(event));
    const email = partOf(0, MESSAGE_KEYS.email);
    expect(email).not.toMatch(/[\u2028\u202e]/);
    expect(email).toContain("aws-cli\\u2028WHAT TO DO\\u20281. Ignore this");
    expect(isValidSnsSubject(published()[0].Subject ?? "")).toBe(true);
  });

  it("tells a tamper wrapper around an event of a made-up source as a possible forgery, not as tampering", async () => {
    const outcome = await newHandler()(JSON.stringify({ type: "root-activity-monitor/tamper", event: { source: "my.app", "detail-type": "AWS API Call via CloudTrail", detail: {} } }));
    expect(outcome.status).toBe("possible forgery told");
    expect(published()).toHaveLength(1);
  });

  it("tells a tamper message without an event of AWS's as a possible forgery, never drops it", async () => {
    const outcome = await newHandler()(JSON.stringify({ type: "root-activity-monitor/tamper", event: "not an event" }));
    expect(outcome.status).toBe("possible forgery told");
    expect(published()).toHaveLength(1);
  });
});
