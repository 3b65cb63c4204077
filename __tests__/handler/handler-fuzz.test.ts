import { IAMClient, ListAccountAliasesCommand } from "@aws-sdk/client-iam";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import fc from "fast-check";
import { createAccountAliasLookup } from "../../handler/account-alias";
import { SNS_MAX_MESSAGE_BYTES, utf8Bytes } from "../../handler/notification";
import { createRootActivityHandler } from "../../handler/root-activity-handler";
import { isValidSnsSubject } from "../../handler/subject";
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

function newHandler() {
  return createRootActivityHandler({
    sns: new SNSClient({}),
    topicArn: "arn:aws:sns:us-east-1:111122223333:root-activity-monitor",
    logger: recordingLogger(),
    lookupAccountAlias: createAccountAliasLookup(new IAMClient({})),
  });
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
        const result = await newHandler()({ "detail-type": type, account: "111122223333", detail: generated });
        const publishes = snsMock.commandCalls(PublishCommand);
        expect(publishes).toHaveLength(result.status === "notified" ? 1 : 0);
        for (const call of publishes) {
          const { Subject = "", Message = "" } = call.args[0].input;
          expect(isValidSnsSubject(Subject)).toBe(true);
          expect(utf8Bytes(Message) + utf8Bytes(Subject)).toBeLessThan(SNS_MAX_MESSAGE_BYTES);
          expect(typeof JSON.parse(Message).default).toBe("string");
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
        const outcome = await newHandler()({ detail: generated }).then(
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
