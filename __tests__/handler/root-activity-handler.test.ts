import { IAMClient, ListAccountAliasesCommand } from "@aws-sdk/client-iam";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { createAccountAliasLookup } from "../../handler/account-alias";
import { MESSAGE_KEYS } from "../../handler/notification";
import { RecentNotifications } from "../../handler/recent-notifications";
import { createRootActivityHandler } from "../../handler/root-activity-handler";
import { loadFixture, NOT_ROOT_FIXTURES, ROOT_FIXTURES } from "../helpers/fixtures";
import { recordingLogger } from "../helpers/silent-logger";

const TOPIC = "arn:aws:sns:us-east-1:111122223333:root-activity-monitor";
const snsMock = mockClient(SNSClient);
const iamMock = mockClient(IAMClient);

function newHandler() {
  const logger = recordingLogger();
  const handler = createRootActivityHandler({
    sns: new SNSClient({}),
    topicArn: TOPIC,
    logger,
    recentNotifications: new RecentNotifications(),
    lookupAccountAlias: createAccountAliasLookup(new IAMClient({})),
  });
  return { handler, logger };
}

function publishedInput(index = 0) {
  return snsMock.commandCalls(PublishCommand)[index].args[0].input;
}

describe("root activity handler", () => {
  beforeEach(() => {
    snsMock.reset();
    iamMock.reset();
    snsMock.on(PublishCommand).resolves({ MessageId: "msg-1" });
    iamMock.on(ListAccountAliasesCommand).resolves({ AccountAliases: ["prod-payments"] });
  });

  it.each([
    ["root-console-sign-in-success", 'Root console sign-in-"ConsoleLogin" detected in Account-"prod-payments"'],
    ["root-console-sign-in-failure", 'Root console sign-in FAILED-"ConsoleLogin" detected in Account-"prod-payments"'],
    ["root-api-call-create-volume", 'Root API call-"CreateVolume" detected in Account-"prod-payments"'],
    ["root-api-call-get-caller-identity", 'Root API call-"GetCallerIdentity" detected in Account-"prod-payments"'],
    ["root-api-call-access-denied", '[CRITICAL] Root API call-"LeaveOrganization" detected in Account-"prod-payments"'],
    ["root-console-action", '[CRITICAL] Root password change-"PasswordUpdated" detected in Account-"prod-payments"'],
    ["root-password-recovery-requested", '[CRITICAL] Root password reset-"PasswordRecoveryRequested" detected in Account-"prod-payments"'],
    ["root-create-access-key", '[CRITICAL] Root API call-"CreateAccessKey" detected in Account-"prod-payments"'],
    ["root-invoked-by-signin", 'Root API call-"AttachUserPolicy" detected in Account-"prod-payments"'],
    ["root-sparse", 'Root API call-"42" detected in Account-"prod-payments"'],
  ] as const)("publishes %s once with the subject %p", async (fixture, subject) => {
    const { handler } = newHandler();
    await handler(loadFixture(fixture));
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(1);
    const input = publishedInput();
    expect(input.Subject).toBe(subject);
    expect(input.TopicArn).toBe(TOPIC);
    const body = JSON.parse(input.Message ?? "{}")[MESSAGE_KEYS.email] as string;
    expect(body).toContain("AWS account prod-payments (111122223333)");
    expect(input.MessageAttributes?.accountId.StringValue).toBe("111122223333");
  });

  it.each(ROOT_FIXTURES)("logs one 'notified' line with the SNS message id for %s", async (fixture) => {
    const { handler, logger } = newHandler();
    const event = loadFixture(fixture);
    await expect(handler(event)).resolves.toEqual({ status: "notified", eventId: event.detail.eventID, messageId: "msg-1" });
    expect(logger.lines).toEqual([
      expect.objectContaining({ level: "INFO", message: "notified", fields: expect.objectContaining({ eventId: event.detail.eventID, messageId: "msg-1" }) }),
    ]);
  });

  it.each(NOT_ROOT_FIXTURES)("publishes nothing for %s and logs one 'ignored' line with the reason", async (fixture) => {
    const { handler, logger } = newHandler();
    const result = await handler(loadFixture(fixture));
    expect(result.status).toBe("ignored");
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(0);
    expect(iamMock.commandCalls(ListAccountAliasesCommand)).toHaveLength(0);
    expect(logger.lines).toEqual([
      expect.objectContaining({ level: "INFO", message: "ignored", fields: expect.objectContaining({ reason: expect.any(String) }) }),
    ]);
  });

  it("publishes the AssumeRoot call of the management account, naming its account", async () => {
    const { handler } = newHandler();
    await expect(handler(loadFixture("assume-root-call"))).resolves.toMatchObject({ status: "notified" });
    expect(publishedInput().Subject).toBe('[CRITICAL] Centralized root access-"AssumeRoot" detected in Account-"prod-payments"');
    expect(publishedInput().MessageAttributes?.accountId.StringValue).toBe("444455556666");
  });

  it("logs the severity it published", async () => {
    const { handler, logger } = newHandler();
    await handler(loadFixture("root-create-access-key"));
    expect(logger.lines).toEqual([expect.objectContaining({ message: "notified", fields: expect.objectContaining({ severity: "critical" }) })]);
  });

  it.each([5_000, 100_000])("publishes one notification for an event nested %p levels deep", async (depth) => {
    let deep: unknown = "bottom";
    for (let level = 0; level < depth; level += 1) deep = { deeper: deep };
    const event = loadFixture("root-api-call-create-volume");
    event.detail.requestParameters = deep;
    const { handler } = newHandler();
    await expect(handler(event)).resolves.toMatchObject({ status: "notified" });
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it("names the account by its id when it has no alias", async () => {
    iamMock.on(ListAccountAliasesCommand).resolves({ AccountAliases: [] });
    await newHandler().handler(loadFixture("root-api-call-create-volume"));
    expect(publishedInput().Subject).toBe('Root API call-"CreateVolume" detected in Account-"111122223333"');
  });

  it("names the account by its id, and still notifies, when the alias lookup is denied", async () => {
    iamMock.on(ListAccountAliasesCommand).rejects(Object.assign(new Error("denied"), { name: "AccessDenied" }));
    await newHandler().handler(loadFixture("root-console-sign-in-failure"));
    expect(publishedInput().Subject).toBe('Root console sign-in FAILED-"ConsoleLogin" detected in Account-"111122223333"');
  });

  it("makes one alias lookup across two invocations: a warm invocation only publishes", async () => {
    const { handler } = newHandler();
    await handler(loadFixture("root-api-call-create-volume"));
    await handler(loadFixture("root-console-sign-in-success"));
    expect(iamMock.commandCalls(ListAccountAliasesCommand)).toHaveLength(1);
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(2);
  });

  it("throws when the publish fails, and logs it as an error", async () => {
    snsMock.on(PublishCommand).rejects(Object.assign(new Error("Rate exceeded"), { name: "ThrottledException" }));
    const { handler, logger } = newHandler();
    await expect(handler(loadFixture("root-api-call-create-volume"))).rejects.toThrow("Rate exceeded");
    expect(logger.lines).toEqual([
      expect.objectContaining({ level: "ERROR", fields: expect.objectContaining({ errorName: "ThrottledException" }) }),
    ]);
  });

  it("lets Lambda retry a failed publish, and the retry that succeeds sends exactly one notification", async () => {
    snsMock.on(PublishCommand).rejectsOnce(new Error("SNS unavailable")).resolves({ MessageId: "msg-2" });
    const { handler } = newHandler();
    const event = loadFixture("root-console-sign-in-failure");
    await expect(handler(event)).rejects.toThrow("SNS unavailable"); // Lambda retries a thrown error
    await expect(handler(event)).resolves.toMatchObject({ status: "notified", messageId: "msg-2" });
    await expect(handler(event)).resolves.toMatchObject({ status: "duplicate", messageId: "msg-2" }); // a late duplicate delivery
    const outcomes = await Promise.allSettled(snsMock.commandCalls(PublishCommand).map((call) => call.returnValue));
    expect(outcomes).toEqual([
      { status: "rejected", reason: expect.any(Error) },
      { status: "fulfilled", value: { MessageId: "msg-2" } },
    ]);
  });

  it("logs a repeated event as a duplicate, with the earlier message id", async () => {
    const { handler, logger } = newHandler();
    const event = loadFixture("root-api-call-create-volume");
    await handler(event);
    await handler(event);
    expect(logger.lines.map((line) => [line.message, line.fields.messageId])).toEqual([
      ["notified", "msg-1"],
      ["duplicate", "msg-1"],
    ]);
  });

  it("never treats two events without an id as the same event", async () => {
    const { handler } = newHandler();
    await handler(loadFixture("root-sparse"));
    await handler(loadFixture("root-sparse"));
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(2);
  });
});

describe("RecentNotifications", () => {
  it("forgets the oldest event beyond its capacity", () => {
    const recent = new RecentNotifications(2);
    recent.remember("a", "1");
    recent.remember("b", "2");
    recent.remember("c", "3");
    expect([recent.messageIdFor("a"), recent.messageIdFor("b"), recent.messageIdFor("c")]).toEqual([undefined, "2", "3"]);
  });
});
