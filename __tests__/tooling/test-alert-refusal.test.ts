import { isAccessDenied, isMissingQueue, NOT_AN_OPERATOR } from "../../scripts/lib/test-alert-refusal";

const named = (name: string) => Object.assign(new Error("refused"), { name });

describe("what test-alert says when the buffer refuses it", () => {
  it("names the setting and its environment variable in one line", () => {
    expect(NOT_AN_OPERATOR).toBe(
      "the buffer queue refused the test message: only the monitor's function and the roles in operatorRoleArns (ROOT_MONITOR_OPERATOR_ROLE_ARNS) may send to it; run test-alert as one of those roles",
    );
    expect(NOT_AN_OPERATOR).not.toContain("\n");
  });

  it("tells a refusal (either SQS protocol) from a missing queue and from anything else", () => {
    expect([named("AccessDenied"), named("AccessDeniedException"), named("QueueDoesNotExist"), named("ThrottlingException")].map(isAccessDenied)).toEqual([true, true, false, false]);
    expect([named("QueueDoesNotExist"), named("AWS.SimpleQueueService.NonExistentQueue"), named("AccessDenied")].map(isMissingQueue)).toEqual([true, true, false]);
  });
});
