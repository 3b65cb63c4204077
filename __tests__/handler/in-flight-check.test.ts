/**
 * The check that a record handed to the function is a message in flight on its own buffer, with
 * aws-sdk-client-mock in place of SQS. On the emulator: __tests__/e2e/handler-on-emulator.test.ts.
 */
import { ChangeMessageVisibilityCommand, GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { createInFlightCheck, meansNotInFlight } from "../../handler/delivery/in-flight-check";

const sqsMock = mockClient(SQSClient);
const QUEUE_URL = "https://sqs.eu-west-1.amazonaws.com/111122223333/root-activity-monitor-buffer";
const QUEUE_ARN = "arn:aws:sqs:eu-west-1:111122223333:root-activity-monitor-buffer";

const sqsError = (name: string, message: string) => Object.assign(new Error(message), { name });

describe("whether a record is in flight on the function's buffer", () => {
  beforeEach(() => {
    sqsMock.reset();
    sqsMock.on(GetQueueAttributesCommand).resolves({ Attributes: { QueueArn: QUEUE_ARN, VisibilityTimeout: "190" } });
  });

  it("believes a record whose receipt handle SQS accepts on the buffer, leaving its visibility as the mapping set it", async () => {
    sqsMock.on(ChangeMessageVisibilityCommand).resolves({});
    const check = createInFlightCheck(new SQSClient({}), QUEUE_URL);
    await expect(check({ eventSourceARN: QUEUE_ARN, receiptHandle: "AQEB-real" })).resolves.toBe(true);
    await expect(check({ eventSourceARN: QUEUE_ARN, receiptHandle: "AQEB-real-2" })).resolves.toBe(true);
    expect(sqsMock.commandCalls(ChangeMessageVisibilityCommand).map((call) => call.args[0].input)).toEqual([
      { QueueUrl: QUEUE_URL, ReceiptHandle: "AQEB-real", VisibilityTimeout: 190 },
      { QueueUrl: QUEUE_URL, ReceiptHandle: "AQEB-real-2", VisibilityTimeout: 190 },
    ]);
    expect(sqsMock.commandCalls(GetQueueAttributesCommand)).toHaveLength(1); // read once
  });

  it("does not believe a record of another queue, or one without a receipt handle, and asks SQS nothing", async () => {
    const check = createInFlightCheck(new SQSClient({}), QUEUE_URL);
    await expect(check({ eventSourceARN: "arn:aws:sqs:eu-west-1:111122223333:elsewhere", receiptHandle: "AQEB" })).resolves.toBe(false);
    await expect(check({ eventSourceARN: QUEUE_ARN })).resolves.toBe(false);
    expect(sqsMock.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(0);
  });

  it.each([
    ["ReceiptHandleIsInvalid", "The input receipt handle is invalid."],
    ["MessageNotInflight", "The message referred to isn't in flight."],
    ["InvalidParameterValue", "Value made-up for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change."],
  ])("does not believe a record SQS refuses with %s", async (name, message) => {
    sqsMock.on(ChangeMessageVisibilityCommand).rejects(sqsError(name, message));
    await expect(createInFlightCheck(new SQSClient({}), QUEUE_URL)({ eventSourceARN: QUEUE_ARN, receiptHandle: "made-up" })).resolves.toBe(false);
  });

  it("throws, so that the record is retried, when SQS could not be asked (throttled, or the role denied)", async () => {
    sqsMock.on(ChangeMessageVisibilityCommand).rejects(sqsError("AccessDenied", "explicit deny"));
    await expect(createInFlightCheck(new SQSClient({}), QUEUE_URL)({ eventSourceARN: QUEUE_ARN, receiptHandle: "AQEB" })).rejects.toThrow("explicit deny");
  });

  it("asks for the buffer's attributes again after a failure to read them", async () => {
    sqsMock.on(GetQueueAttributesCommand).rejectsOnce(sqsError("ThrottlingException", "slow down")).resolves({ Attributes: { QueueArn: QUEUE_ARN, VisibilityTimeout: "190" } });
    sqsMock.on(ChangeMessageVisibilityCommand).resolves({});
    const check = createInFlightCheck(new SQSClient({}), QUEUE_URL);
    await expect(check({ eventSourceARN: QUEUE_ARN, receiptHandle: "AQEB" })).rejects.toThrow("slow down");
    await expect(check({ eventSourceARN: QUEUE_ARN, receiptHandle: "AQEB" })).resolves.toBe(true);
  });

  it("reads an InvalidParameterValue about anything but the receipt handle as a failure to ask, not as a forgery", () => {
    expect(meansNotInFlight(sqsError("InvalidParameterValue", "Value 190 for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [43200 seconds]"))).toBe(false);
  });
});
