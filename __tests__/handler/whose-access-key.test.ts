/**
 * Issue 20, item 8: an access key root creates or turns back on for an IAM user is told as THAT
 * user's key, naming the user, still critical; only a call that names no user is a root key.
 */
import type { PublishCommandInput } from "@aws-sdk/client-sns";
import { formatEmailBody } from "../../handler/messages/email-body";
import { storyOf } from "../../handler/messages/event-story";
import { MESSAGE_KEYS } from "../../handler/messages/envelope";
import { alertFor, buildNotification } from "../../handler/messages/notification";
import { decide, type RootActivity } from "../../handler/events/root-activity";
import { assessSeverity } from "../../handler/events/severity";
import { loadFixture, type FixtureName } from "../helpers/fixtures";

function activityIn(name: FixtureName): RootActivity {
  const decision = decide(loadFixture(name));
  if (decision.action !== "notify") throw new Error(`expected notify, got ignore: ${decision.reason}`);
  return decision.activity;
}

const allText = (name: FixtureName) => {
  const story = storyOf(activityIn(name));
  return [story.subjectLabel, story.headline, ...story.advice].join("\n");
};

const bodyOf = (name: FixtureName) => formatEmailBody(alertFor(activityIn(name)));

function jsonCopyOf(name: FixtureName): Record<string, unknown> {
  const input: PublishCommandInput = buildNotification({ topicArn: "arn:aws:sns:us-east-1:111122223333:root-activity", activity: activityIn(name), event: loadFixture(name) });
  return JSON.parse(JSON.parse(input.Message ?? "{}")[MESSAGE_KEYS.json]);
}

describe("an access key root makes for an IAM user", () => {
  it("reads the user the call named", () => {
    expect(activityIn("root-create-access-key-for-iam-user").accessKeyUser).toBe("backup-admin");
    expect(activityIn("root-update-access-key-active-for-iam-user").accessKeyUser).toBe("backup-admin");
  });

  it("is root's own key only when the call names no user", () => {
    expect(activityIn("root-create-access-key").accessKeyUser).toBeUndefined();
    expect(activityIn("root-update-access-key-active").accessKeyUser).toBeUndefined();
  });

  it("ignores a userName on calls other than CreateAccessKey and UpdateAccessKey", () => {
    const event = loadFixture("root-invoked-by-signin");
    event.detail.requestParameters = { userName: "backup-admin", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" };
    const decision = decide(event);
    expect(decision.action === "notify" && decision.activity.accessKeyUser).toBeUndefined();
  });

  it("is told as created for the IAM user, naming the user and the key, never as a root access key", () => {
    const story = storyOf(activityIn("root-create-access-key-for-iam-user"));
    expect(story.headline).toContain("created an access key AKIAJ7Q3BACKUPEXAMPL for IAM user backup-admin");
    expect(allText("root-create-access-key-for-iam-user")).not.toMatch(/new root access key|Root access keys should not exist|IAM > Security credentials > Access keys/);
  });

  it("leads to the user's own keys to delete it", () => {
    expect(storyOf(activityIn("root-create-access-key-for-iam-user")).advice.join("\n")).toContain(
      "open IAM > Users > backup-admin > Security credentials > Access keys and delete AKIAJ7Q3BACKUPEXAMPL",
    );
  });

  it("is told as re-activated for the IAM user, naming the user and the key", () => {
    const story = storyOf(activityIn("root-update-access-key-active-for-iam-user"));
    expect(story.headline).toContain("turned access key AKIAJ7Q3BACKUPEXAMPL of IAM user backup-admin back on");
    expect(story.advice.join("\n")).toContain("IAM > Users > backup-admin > Security credentials > Access keys, AKIAJ7Q3BACKUPEXAMPL: deactivate it");
    expect(allText("root-update-access-key-active-for-iam-user")).not.toMatch(/root access key|Root access keys should not exist/);
  });

  it.each<FixtureName>(["root-create-access-key-for-iam-user", "root-update-access-key-active-for-iam-user"])("%s is still critical, and the reason names an IAM user's key", (name) => {
    const { severity, reason } = assessSeverity(activityIn(name));
    expect(severity).toBe("critical");
    expect(reason).toMatch(/IAM user's access key|access key for an IAM user/);
    expect(reason).not.toMatch(/root access key/);
  });

  it("names the user in the email's summary", () => {
    const body = bodyOf("root-create-access-key-for-iam-user");
    expect(body).toMatch(/\nFor IAM user: +backup-admin\n/);
    expect(body).toMatch(/\nNew access key: +AKIAJ7Q3BACKUPEXAMPL \(a long-lived access key of IAM user backup-admin\)\n/);
    expect(bodyOf("root-update-access-key-active-for-iam-user")).toMatch(/\nAccess key set: +AKIAJ7Q3BACKUPEXAMPL of IAM user backup-admin to Active\n/);
    expect(body).not.toContain("root access key");
  });

  it("names the user in the JSON copy, and null for root's own key", () => {
    expect(jsonCopyOf("root-create-access-key-for-iam-user")).toMatchObject({ accessKeyUser: "backup-admin", story: "access-key-created", severity: "critical" });
    expect(jsonCopyOf("root-update-access-key-active-for-iam-user")).toMatchObject({ accessKeyUser: "backup-admin", story: "access-key-activated", severity: "critical" });
    expect(jsonCopyOf("root-create-access-key")).toMatchObject({ accessKeyUser: null });
  });

  it("cleans a user name that carries hidden characters", () => {
    const event = loadFixture("root-create-access-key-for-iam-user");
    event.detail.requestParameters.userName = "backup-admin\u2028WHAT TO DO";
    const decision = decide(event);
    expect(decision.action === "notify" && decision.activity.accessKeyUser).toBe("backup-admin\\u2028WHAT TO DO");
  });
});

describe("root's own access key", () => {
  it("is still told as a new root access key", () => {
    expect(storyOf(activityIn("root-create-access-key")).headline).toContain("new root access key AKIAI44QH8DHBEXAMPLE");
    expect(bodyOf("root-create-access-key")).toMatch(/\nNew access key: +AKIAI44QH8DHBEXAMPLE \(a long-lived root access key\)\n/);
  });

  it("turned back on is told as a root access key turned on, with how to turn it off", () => {
    const story = storyOf(activityIn("root-update-access-key-active"));
    expect(story.headline).toContain("turned root access key AKIAIOSFODNN7EXAMPLE back on");
    expect(story.advice.join("\n")).toContain("IAM > Security credentials > Access keys, AKIAIOSFODNN7EXAMPLE");
    expect(assessSeverity(activityIn("root-update-access-key-active")).reason).toBe("a root access key was turned back on");
  });
});
