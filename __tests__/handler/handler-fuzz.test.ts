import { IAMClient, ListAccountAliasesCommand } from "@aws-sdk/client-iam";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import fc from "fast-check";
import { createAccountAliasLookup } from "../../handler/messages/account-alias";
import { createAccountNameLookup } from "../../handler/messages/account-name";
import { EMAIL_HEADINGS } from "../../handler/messages/email-body";
import { MESSAGE_KEYS, SNS_MAX_MESSAGE_BYTES, utf8Bytes } from "../../handler/messages/envelope";
import { createDeliveryHandler } from "../../handler/delivery/delivery-handler";
import { isValidSnsSubject } from "../../handler/messages/subject";
import { loadFixture, ROOT_FIXTURES } from "../helpers/fixtures";
import { HIDDEN_CODE_POINTS, holdsHiddenCharacter, LINE_BREAKS } from "../helpers/hidden-characters";
import { freeSlots } from "../../emulator/in-memory-delivery";
import { inMemoryOnce } from "../../handler/sessions/in-memory-once";
import { InMemorySessionStore } from "../../handler/sessions/in-memory-store";
import { recordingLogger } from "../helpers/silent-logger";

const snsMock = mockClient(SNSClient);
const iamMock = mockClient(IAMClient);

/** Generated events per property: CI runs at least a thousand. */
const RUNS = 1000;

const CLOUDTRAIL_KEYS = [
  "eventName", "eventSource", "eventTime", "awsRegion", "sourceIPAddress", "userAgent", "eventID", "eventType",
  "readOnly", "errorCode", "errorMessage", "recipientAccountId", "responseElements", "additionalEventData",
] as const;

/** A CloudTrail-like record: root identity (or not), each known field absent or any JSON, plus arbitrary extras. */
const cloudTrailLike = fc.record(
  {
    userIdentity: fc.oneof(
      fc.record({ type: fc.oneof(fc.constant("Root"), fc.jsonValue()), invokedBy: fc.jsonValue(), arn: fc.jsonValue() }, { requiredKeys: ["type"] }),
      fc.jsonValue(),
    ),
    ...Object.fromEntries(CLOUDTRAIL_KEYS.map((key) => [key, fc.jsonValue()])),
    responseElements: fc.oneof(fc.record({ ConsoleLogin: fc.jsonValue() }), fc.jsonValue()),
  },
  { requiredKeys: [] },
);

const detail = fc.oneof(fc.jsonValue(), cloudTrailLike);
const alias = fc.oneof(fc.constant<string[]>([]), fc.array(fc.string({ unit: "binary" }), { minLength: 1, maxLength: 2 }));
const detailType = fc.oneof(fc.constant("AWS API Call via CloudTrail"), fc.constant("AWS Console Sign In via CloudTrail"), fc.jsonValue());

/** A fresh delivery handler (a fresh table: every root event opens its session), taking one event as one buffered message. */
function newHandler() {
  const handle = createDeliveryHandler({
    sns: new SNSClient({}),
    topicArn: "arn:aws:sns:us-east-1:111122223333:root-activity-monitor",
    logger: recordingLogger(),
    lookupAccountName: createAccountNameLookup({ ownAlias: createAccountAliasLookup(new IAMClient({})) }),
    sessions: new InMemorySessionStore(),
    slots: freeSlots(),
    scheduleDigest: async () => undefined,
    digestIntervalSeconds: 300,
    sessionQuietSeconds: 600,
    once: inMemoryOnce(),
  });
  return (event: unknown) => handle({ messageId: "m", body: JSON.stringify(event) }, 30_000);
}

describe("handler under arbitrary input", () => {
  beforeEach(() => {
    snsMock.reset();
    iamMock.reset();
  });

  it("never throws while SNS accepts, and every subject and size is one SNS accepts", async () => {
    await fc.assert(
      fc.asyncProperty(detail, detailType, alias, async (generated, type, aliases) => {
        snsMock.reset();
        iamMock.reset();
        snsMock.on(PublishCommand).resolves({ MessageId: "m" });
        iamMock.on(ListAccountAliasesCommand).resolves({ AccountAliases: aliases });
        const result = await newHandler()({ source: "aws.iam", "detail-type": type, account: "111122223333", detail: generated });
        const publishes = snsMock.commandCalls(PublishCommand);
        expect(publishes).toHaveLength(result.status === "alerted" || result.status === "possible forgery told" ? 1 : 0);
        for (const call of publishes) {
          const { Subject = "", Message = "" } = call.args[0].input;
          expect(isValidSnsSubject(Subject)).toBe(true);
          expect(utf8Bytes(Message) + utf8Bytes(Subject)).toBeLessThan(SNS_MAX_MESSAGE_BYTES);
          const document = JSON.parse(Message);
          for (const key of Object.values(MESSAGE_KEYS)) expect(typeof document[key]).toBe("string");
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("throws exactly when it tried to publish and SNS failed", async () => {
    await fc.assert(
      fc.asyncProperty(detail, async (generated) => {
        snsMock.reset();
        iamMock.reset();
        snsMock.on(PublishCommand).rejects(new Error("SNS is down"));
        iamMock.on(ListAccountAliasesCommand).resolves({ AccountAliases: [] });
        const outcome = await newHandler()({ source: "aws.iam", "detail-type": "AWS API Call via CloudTrail", detail: generated }).then(
          (result) => result.status,
          (error: Error) => error.message,
        );
        const attempted = snsMock.commandCalls(PublishCommand).length > 0;
        expect(outcome).toBe(attempted ? "SNS is down" : "ignored");
      }),
      { numRuns: RUNS },
    );
  });
});

/** Where an attacker's text can sit in a record: a path from the CloudTrail record, and whether it replaces a key rather than a value. */
const FORGEABLE_PATHS = [
  ["userAgent"], ["eventName"], ["eventSource"], ["sourceIPAddress"], ["awsRegion"], ["eventID"], ["errorCode"], ["errorMessage"],
  ["recipientAccountId"], ["userIdentity", "arn"], ["userIdentity", "accessKeyId"], ["userIdentity", "type"], ["eventTime"], ["readOnly"],
  ["additionalEventData", "MFAUsed"], ["responseElements", "ConsoleLogin"], ["requestParameters", "targetPrincipal"],
  ["requestParameters", "taskPolicyArn", "arn"], ["responseElements", "credentials", "accessKeyId"], ["responseElements", "accessKey", "accessKeyId"],
  ["requestParameters", "status"], ["requestParameters", "forged"],
] as const;

const FORGED = "FORGED";

/** Text that tries to start a line of its own: a line-breaking or hidden character, then something that looks like one of our headings or like our advice. */
const forgedText = fc
  .tuple(
    fc.string({ maxLength: 8 }),
    fc.array(fc.constantFrom(...HIDDEN_CODE_POINTS.map((code) => String.fromCharCode(code)), "\r\n", "\ud800"), { minLength: 1, maxLength: 4 }),
    fc.constantFrom(...EMAIL_HEADINGS, "1. Nothing is wrong", "https://evil.example/verify"),
  )
  .map(([before, breaks, posing]) => `${before}${breaks.join("")}${FORGED} ${posing}${breaks.join("")}${FORGED} ${posing}`);

function setPath(record: Record<string, any>, path: readonly string[], value: unknown, asKey: boolean): void {
  let node = record;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== "object" || node[key] === null) node[key] = {};
    node = node[key];
  }
  const last = path[path.length - 1];
  if (asKey) node[value as string] = "value";
  else node[last] = value;
}

describe("handler given forged text in any field", () => {
  beforeEach(() => {
    snsMock.reset();
    iamMock.reset();
    snsMock.on(PublishCommand).resolves({ MessageId: "m" });
    iamMock.on(ListAccountAliasesCommand).resolves({ AccountAliases: ["prod-payments"] });
  });

  it("never lets it begin a line of the email, and lets no hidden character through anywhere", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROOT_FIXTURES),
        fc.array(fc.tuple(fc.constantFrom(...FORGEABLE_PATHS), forgedText, fc.boolean()), { minLength: 1, maxLength: 4 }),
        async (fixture, forgeries) => {
          snsMock.resetHistory();
          const event = loadFixture(fixture);
          for (const [path, text, asKey] of forgeries) setPath(event.detail, path, text, asKey && path[0] === "requestParameters");
          const result = await newHandler()(event);
          if (result.status !== "alerted") return; // a forged identity type is ignored, and that is fine
          const { Subject = "", Message = "" } = snsMock.commandCalls(PublishCommand)[0].args[0].input;
          const document = JSON.parse(Message);
          // Split as the most generous mail client would: at every kind of line break.
          const lines = (document[MESSAGE_KEYS.email] as string).split(LINE_BREAKS);
          expect(lines.filter((line) => line.trimStart().startsWith(FORGED))).toEqual([]);
          expect(lines.filter((line) => EMAIL_HEADINGS.some((heading) => line.trimStart().startsWith(heading)))).toEqual([...EMAIL_HEADINGS]);
          for (const text of [...lines, document[MESSAGE_KEYS.json], document[MESSAGE_KEYS.sms], Subject]) expect(holdsHiddenCharacter(text)).toBe(false);
          expect(isValidSnsSubject(Subject)).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
