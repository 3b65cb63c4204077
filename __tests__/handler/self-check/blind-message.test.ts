import { blindSubject, buildBlindMessage } from "../../../handler/self-check/blind-message";
import type { Finding } from "../../../handler/self-check/finding";
import { MESSAGE_KEYS } from "../../../handler/messages/envelope";
import { isValidSnsSubject } from "../../../handler/messages/subject";

const DISABLED: Finding = {
  region: "ap-southeast-2",
  check: "rule",
  level: "fail",
  message: "rule root-activity-monitor is DISABLED: root activity here is not routed to anyone. Enable it, or apply again (npm run deploy).",
  summary: "rule is DISABLED",
};
const NO_TRAIL: Finding = { region: "ap-southeast-2", check: "CloudTrail", level: "fail", message: "NO CloudTrail trail ...", summary: "no trail logs management events" };
const input = { topicArn: "arn:aws:sns:us-east-1:111122223333:root-activity-monitor", region: "ap-southeast-2", problems: [DISABLED], accountId: "111122223333", accountAlias: "prod-payments", checkedAt: Date.parse("2026-11-23T08:00:00Z"), checkedFrom: "us-east-1" };

describe("the blind message", () => {
  it("says in its subject, critical first, which Region is blind and why", () => {
    expect(buildBlindMessage(input).Subject).toBe("[CRITICAL] root activity monitor is blind in ap-southeast-2: rule is DISABLED");
  });

  it("counts the other problems in the subject and keeps it within SNS's 99 characters", () => {
    expect(blindSubject("ap-southeast-2", [DISABLED, NO_TRAIL])).toBe("[CRITICAL] root activity monitor is blind in ap-southeast-2: rule is DISABLED (+1 more)");
    const long: Finding = { ...DISABLED, summary: "could not check the central dead-letter queue: a reason far longer than any subject allows" };
    const subject = blindSubject("ap-southeast-2", [long, NO_TRAIL]);
    expect(subject).toMatch(/^\[CRITICAL\] root activity monitor is blind in ap-southeast-2: could not check the .*\.\.\. \(\+1 more\)$/);
    expect(subject.length).toBeLessThanOrEqual(99);
    expect(isValidSnsSubject(subject)).toBe(true);
  });

  it("lists every problem and what to do in the email", () => {
    const email = JSON.parse(buildBlindMessage({ ...input, problems: [NO_TRAIL, DISABLED] }).Message as string)[MESSAGE_KEYS.email];
    expect(email).toContain("cannot see or tell root activity in ap-southeast-2 (account prod-payments (111122223333))");
    expect(email).toContain(`- CloudTrail: NO CloudTrail trail ...\n- rule: ${DISABLED.message}`);
    expect(email).toContain("npm run doctor");
    expect(email).toContain("Checked at 2026-11-23 08:00:00 UTC by the delivery in us-east-1.");
  });

  it("carries a JSON copy of kind self-check, and the critical severity as an attribute", () => {
    const request = buildBlindMessage(input);
    expect(JSON.parse(JSON.parse(request.Message as string)[MESSAGE_KEYS.json])).toEqual({
      schema: "root-activity-monitor/notification/v2",
      kind: "self-check",
      severity: "critical",
      blind: true,
      region: "ap-southeast-2",
      account: { id: "111122223333", alias: "prod-payments", display: "prod-payments (111122223333)" },
      problems: [{ check: "rule", summary: DISABLED.summary, message: DISABLED.message }],
      checkedAt: "2026-11-23T08:00:00.000Z",
      checkedFrom: "us-east-1",
    });
    expect(request.MessageAttributes).toMatchObject({ messageKind: { StringValue: "self-check" }, severity: { StringValue: "critical" }, region: { StringValue: "ap-southeast-2" } });
    expect(request).toMatchObject({ TopicArn: input.topicArn, MessageStructure: "json" });
  });
});
