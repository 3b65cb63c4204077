/**
 * What the delivery handler tells at once inside a live root session (issue 20, items 4, 5 and 7): a
 * new place, a successful sign-in, and high actions, several of one publish second in one message.
 * The real handler with the in-memory session rules (handler/sessions/in-memory-store.ts) and SNS mocked.
 */
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { digestTriggerBody } from "../../handler/delivery/buffered-message";
import { createDeliveryHandler } from "../../handler/delivery/delivery-handler";
import type { DeliveryDeps } from "../../handler/delivery/delivery-deps";
import { MESSAGE_KEYS } from "../../handler/messages/envelope";
import { freeSlots } from "../../emulator/in-memory-delivery";
import { inMemoryOnce } from "../../handler/sessions/in-memory-once";
import { InMemorySessionStore } from "../../handler/sessions/in-memory-store";
import { loadFixture } from "../helpers/fixtures";
import { recordingLogger } from "../helpers/silent-logger";

const TOPIC = "arn:aws:sns:us-east-1:111122223333:root-activity-monitor";
const snsMock = mockClient(SNSClient);
const OWNER_IP = "203.0.113.24";
const OWNER_UA = "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0 lang/python#3.12.6 command/s3.ls";

function newHandler(overrides: Partial<DeliveryDeps> = {}) {
  const sessions = new InMemorySessionStore();
  const scheduled: Array<{ sessionKey: string; chain?: string }> = [];
  const clock = { now: Date.parse("2026-11-20T08:00:00Z") };
  const handle = createDeliveryHandler({
    topicArn: TOPIC,
    sns: new SNSClient({}),
    sessions,
    slots: freeSlots(),
    scheduleDigest: async (sessionKey, _delay, chain) => void scheduled.push({ sessionKey, chain }),
    lookupAccountName: async () => "prod-payments",
    logger: recordingLogger(),
    digestIntervalSeconds: 300,
    sessionQuietSeconds: 600,
    once: inMemoryOnce(),
    now: () => clock.now,
    ...overrides,
  });
  let messageNumber = 0;
  const handler = (event: unknown, body = JSON.stringify(event)) => handle({ messageId: `sqs-${(messageNumber += 1)}`, body, attributes: { SentTimestamp: String(clock.now) } }, 30_000);
  return { handler, sessions, scheduled, clock };
}

const published = () => snsMock.commandCalls(PublishCommand).map((call) => call.args[0].input);
const emailOf = (index: number) => JSON.parse(published()[index].Message ?? "{}")[MESSAGE_KEYS.email] as string;
const jsonOf = (index: number) => JSON.parse(JSON.parse(published()[index].Message ?? "{}")[MESSAGE_KEYS.json]);

let eventNumber = 0;
/** A call of one root CLI session (a temporary key), from `sourceIp` with `userAgent`. */
function keyCall(eventName: string, options: { eventSource?: string; sourceIp?: string; userAgent?: string; readOnly?: boolean; requestParameters?: unknown } = {}) {
  const event = loadFixture("root-api-call-create-volume");
  event.detail.userIdentity.accessKeyId = "ASIAQ3EGUX5MPLE7ROOT";
  Object.assign(event.detail, {
    eventID: `00000000-0000-4000-8000-${String((eventNumber += 1)).padStart(12, "0")}`,
    eventName,
    eventSource: options.eventSource ?? "ec2.amazonaws.com",
    sourceIPAddress: options.sourceIp ?? OWNER_IP,
    userAgent: options.userAgent ?? OWNER_UA,
    readOnly: options.readOnly ?? true,
    requestParameters: options.requestParameters ?? null,
  });
  return event;
}

beforeEach(() => {
  snsMock.reset();
  snsMock.on(PublishCommand).callsFake(() => ({ MessageId: `msg-${snsMock.commandCalls(PublishCommand).length}` }));
});

describe("a new place in a live session (item 4)", () => {
  it("tells the same key used from a second network with another client at once, as HIGH, naming both places", async () => {
    const { handler } = newHandler();
    await handler(keyCall("DescribeInstances"));
    await handler(keyCall("DescribeRegions"));
    const stolen = keyCall("ListBuckets", { eventSource: "s3.amazonaws.com", sourceIp: "198.51.100.7", userAgent: "python-requests/2.31.0" });
    await handler(stolen);
    expect(published().map((input) => input.Subject)).toEqual([
      'Root API call-"DescribeInstances" detected in Account-"prod-payments"',
      '[HIGH] Root session from a new place-"ListBuckets" detected in Account-"prod-payments"',
    ]);
    const email = emailOf(1);
    expect(email).toContain("The same root credentials are now used from a second place: a new network and a new kind of client");
    expect(email).toContain("Address: 198.51.100.7 (network 198.51.100.0/24, NEW)");
    expect(email).toContain("(python-requests, NEW)");
    expect(email).toContain("Networks: 203.0.113.0/24");
    expect(email).toContain("Clients: aws-cli");
    expect(jsonOf(1)).toMatchObject({ kind: "new-place", severity: "high", eventIds: [stolen.detail.eventID], knownPlaces: { networks: ["203.0.113.0/24"], clients: ["aws-cli"] } });
  });

  it("tells a hacking tool's user agent from the owner's own network, and each new place only once", async () => {
    const { handler } = newHandler();
    await handler(keyCall("DescribeInstances"));
    const kali = "aws-cli/2.15.0 Python/3.11.8 Linux/6.6.9-amd64 md/distrib#kali.2024 exe/x86_64";
    await handler(keyCall("GetCallerIdentity", { eventSource: "sts.amazonaws.com", userAgent: kali }));
    await handler(keyCall("ListUsers", { eventSource: "iam.amazonaws.com", userAgent: kali }));
    expect(published().map((input) => input.Subject)).toEqual([expect.stringContaining("DescribeInstances"), '[HIGH] Root session from a new place-"GetCallerIdentity" detected in Account-"prod-payments"']);
    expect(emailOf(1)).toContain("(hacking tool (kali), NEW)");
  });

  it("tells nothing for another address of the same /24 with the same client family", async () => {
    const { handler } = newHandler();
    await handler(keyCall("DescribeInstances"));
    await handler(keyCall("DescribeRegions", { sourceIp: "203.0.113.201", userAgent: "aws-cli/2.23.0 md/awscrt#0.23.0 command/ec2.describe-regions" }));
    expect(published()).toHaveLength(1);
  });

  it("still tells the new place on the retry when its publish failed, and once", async () => {
    const { handler } = newHandler();
    await handler(keyCall("DescribeInstances"));
    snsMock.reset(); // forgets the session's alert too: only what follows is counted
    snsMock.on(PublishCommand).rejectsOnce(new Error("SNS unavailable")).resolves({ MessageId: "msg-retry" });
    const stolen = keyCall("ListBuckets", { sourceIp: "198.51.100.7" });
    await expect(handler(stolen)).rejects.toThrow("SNS unavailable");
    await handler(stolen);
    await handler(stolen);
    // The failed attempt and the retry's, which went out; the third delivery tells nothing again.
    expect(published().map((input) => input.Subject)).toEqual([expect.stringContaining("new place"), expect.stringContaining("new place")]);
    expect(await snsMock.commandCalls(PublishCommand)[1].returnValue).toEqual({ MessageId: "msg-retry" });
  });
});

describe("a successful sign-in inside a session of failures (item 5)", () => {
  it("is an alert of its own, saying in its subject whether MFA was used", async () => {
    const { handler } = newHandler();
    const failed = loadFixture("root-console-sign-in-failure");
    await handler(failed);
    for (const [index, mfa] of (["No", "Yes"] as const).entries()) {
      const success = loadFixture("root-console-sign-in-failure");
      Object.assign(success.detail, { eventID: `5ucce55-0000-4000-8000-00000000000${index}`, responseElements: { ConsoleLogin: "Success" }, errorMessage: undefined });
      success.detail.additionalEventData.MFAUsed = mfa;
      await expect(handler(success)).resolves.toMatchObject({ status: "alerted" });
    }
    expect(published().map((input) => input.Subject)).toEqual([
      '[HIGH] Root console sign-in FAILED-"ConsoleLogin" detected in Account-"prod-payments"',
      '[CRITICAL] Root console sign-in WITHOUT MFA-"ConsoleLogin" detected in Account-"prod-payments"',
      'Root console sign-in with MFA-"ConsoleLogin" detected in Account-"prod-payments"',
    ]);
  });
});

describe("high actions told at once (item 7)", () => {
  const backdoor = () => [
    keyCall("CreateUser", { eventSource: "iam.amazonaws.com", readOnly: false, requestParameters: { userName: "backup-admin" } }),
    keyCall("CreateLoginProfile", { eventSource: "iam.amazonaws.com", readOnly: false, requestParameters: { userName: "backup-admin", passwordResetRequired: false } }),
    keyCall("PutBucketPolicy", { eventSource: "s3.amazonaws.com", readOnly: false, requestParameters: { bucketName: "payments-exports", bucketPolicy: { Statement: [] } } }),
  ];

  it("alerts on a high action in the middle of a session at once, and not again in the digest", async () => {
    const { handler, scheduled, clock } = newHandler();
    await handler(keyCall("DescribeInstances"));
    const [createUser] = backdoor();
    await expect(handler(createUser)).resolves.toMatchObject({ status: "alerted", severity: "high" });
    expect(published()[1].Subject).toBe('[HIGH] Root API call-"CreateUser" detected in Account-"prod-payments"');
    clock.now += 300_000;
    await handler(undefined, digestTriggerBody(scheduled[0].sessionKey, scheduled[0].chain));
    expect(published()).toHaveLength(2);
  });

  it("tells several high actions of one publish second in one message, each once, whichever invocation wins", async () => {
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const gated = { on: false, waiting: 0 };
    // Once gated, every invocation waits for its publish second until all three have kept their action.
    const slots = {
      acquire: async () => {
        if (!gated.on) return 0;
        gated.waiting += 1;
        if (gated.waiting === 3) open();
        await gate;
        return gated.waiting;
      },
    };
    const { handler } = newHandler({ slots });
    await handler(keyCall("DescribeInstances"));
    gated.on = true;
    const actions = backdoor();
    const outcomes = await Promise.all(actions.map((action) => handler(action)));
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(["alerted", "told with another message", "told with another message"]);
    expect(published()).toHaveLength(2);
    expect(published()[1].Subject).toMatch(/^\[HIGH\] Root session-"3 actions: Create.*" detected in Account-"prod-payments"$/);
    expect(jsonOf(1)).toMatchObject({ kind: "at-once", severity: "high" });
    expect([...jsonOf(1).eventIds].sort()).toEqual(actions.map((action) => action.detail.eventID).sort());
    expect(emailOf(1)).toContain("user=backup-admin");
    expect(emailOf(1)).toContain("bucket=payments-exports");
    // Delivered again, none of them is told again.
    for (const action of actions) await expect(handler(action)).resolves.toMatchObject({ status: expect.stringMatching(/duplicate|told with another message/) });
    expect(published()).toHaveLength(2);
  });
});
