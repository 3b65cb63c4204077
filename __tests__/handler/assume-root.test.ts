import { assumeRootCallOf, isAssumeRootCall } from "../../handler/events/assume-root";
import { loadFixture } from "../helpers/fixtures";

describe("assumeRootCallOf", () => {
  it("reads the caller, the member account, the task policy and the session key from the documented record", () => {
    expect(assumeRootCallOf(loadFixture("assume-root-call").detail)).toEqual({
      callerArn: "arn:aws:sts::444455556666:assumed-role/OrgRootTasks/alice",
      callerType: "AssumedRole",
      callerAccountId: "444455556666",
      targetPrincipal: "111122223333",
      taskPolicyArn: "arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy",
      sessionAccessKeyId: "ASIAROOTSESSIONEXMPL",
    });
  });

  it("reads a task policy given as a bare string", () => {
    const record = loadFixture("assume-root-call").detail;
    record.requestParameters.taskPolicyArn = "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials";
    expect(assumeRootCallOf(record)?.taskPolicyArn).toBe("arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials");
  });

  it("says 'unknown' for what a failed call's record lacks", () => {
    const record = loadFixture("assume-root-call").detail;
    record.responseElements = null;
    record.requestParameters = null;
    expect(assumeRootCallOf(record)).toMatchObject({ targetPrincipal: "unknown", taskPolicyArn: "unknown", sessionAccessKeyId: undefined });
  });

  it("reads nothing from another call", () => {
    const record = loadFixture("root-api-call-get-caller-identity").detail;
    expect(isAssumeRootCall(record)).toBe(false);
    expect(assumeRootCallOf(record)).toBeUndefined();
  });
});
