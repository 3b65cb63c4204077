import { accountDisplay, formatEmailBody } from "../../handler/email-body";
import { decide, type RootActivity } from "../../handler/root-activity";
import { loadFixture, type FixtureName } from "../helpers/fixtures";

function bodyFor(name: FixtureName, accountAlias?: string): string {
  const event = loadFixture(name);
  const decision = decide(event);
  if (decision.action !== "notify") throw new Error("fixture should notify");
  return formatEmailBody({ activity: decision.activity as RootActivity, accountAlias, eventJson: JSON.stringify(event, null, 2) });
}

describe("formatEmailBody", () => {
  it("names the account as alias (id)", () => {
    expect(accountDisplay("111122223333", "prod")).toBe("prod (111122223333)");
    expect(accountDisplay("111122223333")).toBe("111122223333");
    expect(bodyFor("root-api-call-create-volume", "prod")).toMatch(/^Root user activity in AWS account prod \(111122223333\)\./);
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

  it("gives the error code and message of a failed API call", () => {
    expect(bodyFor("root-api-call-access-denied")).toContain(
      "Error:      AccessDenied - You don't have permissions to access this resource.\n",
    );
  });

  it("calls out the root access key a call used", () => {
    expect(bodyFor("root-api-call-create-volume")).toContain("This call used the access key AKIAIOSFODNN7EXAMPLE.");
  });

  it("links to the CloudTrail event history of the event's region, filtered on the event", () => {
    expect(bodyFor("root-api-call-create-volume")).toContain(
      "https://eu-west-1.console.aws.amazon.com/cloudtrailv2/home?region=eu-west-1#/events?EventId=5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9",
    );
  });

  it("says what to do, then gives the full event", () => {
    const body = bodyFor("root-console-sign-in-success");
    const steps = body.indexOf("WHAT TO DO");
    const full = body.indexOf("FULL EVENT");
    expect(steps).toBeGreaterThan(0);
    expect(full).toBeGreaterThan(steps);
    expect(body).toContain("reset the root user's password");
    expect(body).toContain("Check that MFA is enabled on the root user");
    expect(body).toContain("Look for root access keys");
    expect(body).toContain("Review CloudTrail in every region");
    expect(JSON.parse(body.slice(body.indexOf("{", full)))).toEqual(loadFixture("root-console-sign-in-success"));
  });
});
