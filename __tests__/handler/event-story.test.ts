import { credentialAdvice } from "../../handler/messages/credential-words";
import { storyOf, type Story } from "../../handler/messages/event-story";
import { decide, type RootActivity } from "../../handler/events/root-activity";
import { loadFixture, type FixtureName } from "../helpers/fixtures";

function activityOf(event: unknown): RootActivity {
  const decision = decide(event);
  if (decision.action !== "notify") throw new Error(`expected notify, got ignore: ${decision.reason}`);
  return decision.activity;
}

const storyIn = (name: FixtureName): Story => storyOf(activityOf(loadFixture(name)));
const allText = (story: Story) => [story.headline, ...story.advice].join("\n");

describe("storyOf", () => {
  it.each<[FixtureName, string, string]>([
    ["root-console-sign-in-success", "console-sign-in", "Root console sign-in with MFA"],
    ["root-console-sign-in-without-mfa", "console-sign-in", "Root console sign-in WITHOUT MFA"],
    ["root-console-sign-in-failure", "console-sign-in", "Root console sign-in FAILED"],
    ["root-password-recovery-requested", "password-recovery-requested", "Root password reset"],
    ["root-password-recovery-completed", "password-recovery-completed", "Root password reset"],
    ["root-password-updated", "password-changed", "Root password change"],
    ["root-console-action", "password-changed", "Root password change"],
    ["root-email-updated", "email-changed", "Root email change"],
    ["root-create-access-key", "access-key-created", "Root API call"],
    ["root-deactivate-mfa-device", "mfa-removed", "Root API call"],
    ["root-delete-virtual-mfa-device", "mfa-removed", "Root API call"],
    ["assume-root-call", "assume-root", "Centralized root access"],
    ["root-api-call-create-volume", "api-call", "Root API call"],
    ["root-invoked-by-signin", "api-call", "Root API call"],
  ])("tells %s as %s, labelled %p", (fixture, name, label) => {
    expect(storyIn(fixture)).toMatchObject({ name, subjectLabel: label });
  });

  it.each<FixtureName>(["root-password-recovery-requested", "root-password-recovery-completed", "root-password-updated", "root-email-updated"])(
    "never tells %s as a sign-in",
    (fixture) => {
      expect(allText(storyIn(fixture))).not.toMatch(/signed in to the AWS console|tried to sign in/);
    },
  );

  it("tells a password reset request, and points at the root email inbox", () => {
    const story = storyIn("root-password-recovery-requested");
    expect(story.headline).toContain("asked AWS to reset the root user's password");
    expect(allText(story)).toContain("root email inbox");
  });

  it("tells a completed reset or a password change as someone now holding the password, and how to get the account back through AWS", () => {
    for (const fixture of ["root-password-recovery-completed", "root-password-updated"] as const) {
      const story = storyIn(fixture);
      expect(story.headline).toMatch(/holds the (root|new) password/);
      expect(allText(story)).toContain("contact AWS Support to recover the account");
      // Not the advice for an intruder at the door: the attacker has just set this password.
      expect(allText(story)).not.toContain("Make sure the root password is long and unique");
    }
  });

  it("tells an email change as password resets going elsewhere", () => {
    const story = storyIn("root-email-updated");
    expect(story.headline).toContain("password resets go to the new address");
    expect(allText(story)).toContain("contact AWS Support at once");
  });

  it.each<[FixtureName, string]>([
    ["root-password-recovery-requested", "PasswordRecoveryRequested"],
    ["root-password-recovery-completed", "PasswordRecoveryCompleted"],
    ["root-password-updated", "PasswordUpdated"],
    ["root-email-updated", "EmailUpdated"],
  ])("says that a failed %s failed, and claims nothing was changed", (fixture, eventName) => {
    const event = loadFixture(fixture);
    event.detail.responseElements = { [eventName]: "Failure" };
    const story = storyOf(activityOf(event));
    expect(story.subjectLabel).toMatch(/ FAILED$/);
    expect(story.headline).toContain("FAILED");
    expect(story.headline).not.toMatch(/holds the|go to the new address|sends the reset link/);
  });

  it("names a new root access key in the headline and says how to delete it", () => {
    const story = storyIn("root-create-access-key");
    expect(story.headline).toContain("new root access key AKIAI44QH8DHBEXAMPLE");
    expect(story.advice.join("\n")).toContain("IAM > Security credentials > Access keys and delete AKIAI44QH8DHBEXAMPLE");
  });

  it("says no key was made when CreateAccessKey failed", () => {
    const event = loadFixture("root-create-access-key");
    Object.assign(event.detail, { errorCode: "LimitExceededException", responseElements: null });
    expect(storyOf(activityOf(event)).headline).toContain("the call FAILED, so no key was made");
  });

  it("tells an AssumeRoot call with the principal, the member account, the task policy and the session key", () => {
    const story = storyIn("assume-root-call");
    expect(story.opening("org-management (444455556666)")).toBe("Centralized root access requested in AWS account org-management (444455556666) for member account 111122223333.");
    expect(story.headline).toContain("arn:aws:sts::444455556666:assumed-role/OrgRootTasks/alice took short-term root credentials for member account 111122223333");
    expect(story.headline).toContain("arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy");
    expect(story.advice.join("\n")).toContain("look up the access key ASIAROOTSESSIONEXMPL");
    expect(allText(story)).not.toMatch(/root password|Root access keys should not exist/);
  });

  it("tells a root call in a marked centralized root access session as one, with where to find who assumed root", () => {
    const event = loadFixture("root-centralized-root-session");
    event.detail.userIdentity.sessionContext.assumedRoot = "true";
    const story = storyOf(activityOf(event));
    expect(story.headline).toBe("The root user called DeleteBucketPolicy (s3.amazonaws.com) in a centralized root access session.");
    expect(story.advice.join("\n")).toContain("the AssumeRoot event that returned this key names the principal that assumed root and the task policy");
    expect(allText(story)).not.toContain("reset the root user's password");
  });

  it("tells a root call made through the console as such", () => {
    expect(storyIn("root-invoked-by-signin").headline).toBe("The root user called AttachUserPolicy (iam.amazonaws.com) through the AWS console.");
  });

  it("tells a sign-in without MFA as one, and asks for MFA", () => {
    const story = storyIn("root-console-sign-in-without-mfa");
    expect(story.headline).toContain("WITHOUT MFA");
    expect(story.advice.join("\n")).toContain("Turn on MFA for the root user now");
  });

  it("never opens a line of the story with a value from the event", () => {
    for (const fixture of ["assume-root-call", "root-create-access-key", "root-invoked-by-signin", "root-deactivate-mfa-device"] as const) {
      const story = storyIn(fixture);
      expect(story.headline).toMatch(/^(The |Someone |sts:AssumeRoot: )/);
    }
  });
});

describe("credentialAdvice", () => {
  it("asks to delete a long-lived root access key", () => {
    expect(credentialAdvice({ kind: "root-access-key", accessKeyId: "AKIAIOSFODNN7EXAMPLE" })).toContain(
      "This call used the long-lived root access key AKIAIOSFODNN7EXAMPLE. Root access keys should not exist",
    );
  });

  it.each(["console-session", "centralized-root-session", "temporary-session"] as const)("names a %s key a session key that cannot be deleted, never a root access key", (kind) => {
    const advice = credentialAdvice({ kind, accessKeyId: "ASIAIOSFODNN7EXAMPLE" });
    expect(advice).toContain("cannot be deleted");
    expect(advice).not.toContain("Root access keys should not exist");
    expect(advice).not.toMatch(/delete (it|ASIA)/);
  });

  it("tells where a console session began", () => {
    expect(credentialAdvice({ kind: "console-session", accessKeyId: "ASIAIOSFODNN7EXAMPLE" })).toContain("the root ConsoleLogin that began the session");
  });
});
