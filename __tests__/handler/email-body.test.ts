import { accountDisplay, EMAIL_HEADINGS, formatEmailBody } from "../../handler/messages/email-body";
import { alertFor } from "../../handler/messages/notification";
import { decide } from "../../handler/events/root-activity";
import { loadFixture, type FixtureName } from "../helpers/fixtures";

/** A posture that raises nothing: the email's other lines are what these tests read ("unknown" would be the posture's word). */
const GOOD_POSTURE = { mfaEnabled: true, accessKeysPresent: 0, signingCertificatesPresent: 0, readAt: "2026-11-20T08:00:00.000Z" };

function bodyFor(name: FixtureName, accountAlias?: string): string {
  const event = loadFixture(name);
  const decision = decide(event);
  if (decision.action !== "notify") throw new Error("fixture should notify");
  return formatEmailBody({ ...alertFor(decision.activity, accountAlias, undefined, GOOD_POSTURE), eventJson: JSON.stringify(event, null, 2) });
}

describe("formatEmailBody", () => {
  it("names the account as alias (id)", () => {
    expect(accountDisplay("111122223333", "prod")).toBe("prod (111122223333)");
    expect(accountDisplay("111122223333")).toBe("111122223333");
    expect(bodyFor("root-api-call-create-volume", "prod")).toMatch(/^Root user activity in AWS account prod \(111122223333\)\./);
    expect(bodyFor("root-api-call-create-volume", "prod")).toContain("\nAccount:     prod (111122223333)\n");
  });

  it("says how urgent the event is, and why, first", () => {
    expect(bodyFor("root-create-access-key")).toContain(
      "WHAT HAPPENED\nSeverity:       CRITICAL: a new root access key: long-lived credentials that work without the password or MFA\n",
    );
  });

  it("tells what happened in a failed sign-in: result, reason, MFA, time, region, IP, agent", () => {
    const body = bodyFor("root-console-sign-in-failure");
    expect(body).toContain("the sign-in FAILED.");
    expect(body).toContain("Result:         Failure\n");
    expect(body).toContain("Failure reason: Failed authentication\n");
    expect(body).toContain("MFA used:       No\n");
    expect(body).toContain("Time (UTC):     2026-11-20 07:39:55 UTC\n");
    expect(body).toContain("Region:         us-east-1\n");
    expect(body).toContain("Source IP:      198.51.100.77\n");
    expect(body).toContain("User agent:     Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0\n");
  });

  it("gives a password reset its own result, not a sign-in's 'unknown'", () => {
    const body = bodyFor("root-password-recovery-completed");
    expect(body).toContain("Result:     Success\n");
    expect(body).not.toContain("MFA used:");
    expect(body).not.toContain("unknown");
  });

  it("gives the error code and message of a failed API call", () => {
    expect(bodyFor("root-api-call-access-denied")).toContain("Error:       AccessDenied - You don't have permissions to access this resource.\n");
  });

  it("names the credentials: a long-lived root access key, or a console session key", () => {
    expect(bodyFor("root-api-call-create-volume")).toContain("Credentials: AKIAIOSFODNN7EXAMPLE (a long-lived root access key)\n");
    expect(bodyFor("root-api-call-create-volume")).toContain("This call used the long-lived root access key AKIAIOSFODNN7EXAMPLE.");
    expect(bodyFor("root-api-call-access-denied")).toContain("Credentials: ASIAIOSFODNN7EXAMPLE (session key of a root console session)\n");
    expect(bodyFor("root-api-call-access-denied")).not.toContain("Root access keys should not exist");
  });

  it("names the new access key of CreateAccessKey in the summary", () => {
    expect(bodyFor("root-create-access-key")).toContain("New access key: AKIAI44QH8DHBEXAMPLE (a long-lived root access key)\n");
  });

  it("names the principal, the member account, the task policy and the session key of an AssumeRoot call", () => {
    const body = bodyFor("assume-root-call", "org-management");
    expect(body).toMatch(/^Centralized root access requested in AWS account org-management \(444455556666\) for member account 111122223333\.\n/);
    expect(body).toContain("Assumed by:     arn:aws:sts::444455556666:assumed-role/OrgRootTasks/alice (AssumedRole, account 444455556666)\n");
    expect(body).toContain("Member account: 111122223333\n");
    expect(body).toContain("Task policy:    arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy\n");
    expect(body).toContain("Session key:    ASIAROOTSESSIONEXMPL\n");
    expect(body).not.toContain("Credentials:");
  });

  it("says when the console acted for root", () => {
    expect(bodyFor("root-invoked-by-signin")).toContain("Invoked by:  signin.amazonaws.com (the AWS console)\n");
  });

  it("links to the CloudTrail event history of the event's region, filtered on the event", () => {
    expect(bodyFor("root-api-call-create-volume")).toContain(
      "https://eu-west-1.console.aws.amazon.com/cloudtrailv2/home?region=eu-west-1#/events?EventId=5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9",
    );
  });

  it("has its headings in order, each once, then the full event", () => {
    const body = bodyFor("root-console-sign-in-success");
    const lines = body.split("\n");
    expect(lines.filter((line) => (EMAIL_HEADINGS as readonly string[]).includes(line))).toEqual([...EMAIL_HEADINGS]);
    const full = body.indexOf("FULL EVENT");
    expect(body).toContain("reset the root user's password");
    expect(body).toContain("Check that MFA is enabled on the root user");
    expect(body).toContain("Look for root access keys");
    expect(body).toContain("Review CloudTrail in every region");
    expect(JSON.parse(body.slice(body.indexOf("{", full)))).toEqual(loadFixture("root-console-sign-in-success"));
  });
});
