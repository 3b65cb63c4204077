/**
 * The management account changing a member account's root email (or contacts, or centralized root
 * management) with a principal other than root: delivered by the root rule's pattern and told as
 * critical, naming the caller and the member account. Today's root path ignores non-root callers.
 */
import { decide } from "../../handler/events/root-activity";
import { MESSAGE_KEYS } from "../../handler/messages/envelope";
import { buildNotification } from "../../handler/messages/notification";
import { isValidSnsSubject } from "../../handler/messages/subject";
import { loadFixture } from "../helpers/fixtures";

const TOPIC = "arn:aws:sns:us-east-1:444455556666:root-activity-monitor";

describe("a member account's root email changed by the management account", () => {
  it("is told, not ignored, though the caller is an assumed role", () => {
    const decision = decide(loadFixture("member-primary-email-update"));
    expect(decision.action).toBe("notify");
    expect(decision.action === "notify" && decision.activity.memberRootChange).toEqual({
      what: "rootEmail",
      callerArn: "arn:aws:sts::444455556666:assumed-role/OrgAdmin/alice",
      callerType: "AssumedRole",
      callerAccountId: "444455556666",
      targetAccountId: "111122223333",
    });
  });

  it("is critical, and says the management account is changing member account X's root email, naming the caller", () => {
    const event = loadFixture("member-primary-email-update");
    const decision = decide(event);
    if (decision.action !== "notify") throw new Error("not told");
    const request = buildNotification({ topicArn: TOPIC, activity: decision.activity, accountAlias: "org-management", event });
    expect(request.Subject).toBe('[CRITICAL] Member root change-"StartPrimaryEmailUpdate" detected in Account-"org-management"');
    expect(isValidSnsSubject(request.Subject ?? "")).toBe(true);
    const email = JSON.parse(request.Message ?? "{}")[MESSAGE_KEYS.email] as string;
    expect(email).toContain("The management account org-management (444455556666) is changing member account 111122223333's root email address.");
    expect(email).toContain("the principal arn:aws:sts::444455556666:assumed-role/OrgAdmin/alice is changing member account 111122223333's root email address");
    expect(email).toContain("Severity:    CRITICAL: the management account is changing a member account's root email or contacts");
  });

  it("names the member account for contacts only when the request names one; the caller's own contacts are not a member's", () => {
    const contact = loadFixture("member-primary-email-update");
    contact.detail.eventName = "PutAlternateContact";
    contact.detail.requestParameters = { accountId: "111122223333", alternateContactType: "SECURITY" };
    const decision = decide(contact);
    expect(decision.action === "notify" && decision.activity.memberRootChange?.what).toBe("contacts");
    contact.detail.requestParameters = { alternateContactType: "SECURITY" };
    expect(decide(contact).action).toBe("ignore");
  });

  it("is critical for a change to centralized root management of the organization", () => {
    const event = loadFixture("member-primary-email-update");
    Object.assign(event.detail, { eventSource: "iam.amazonaws.com", eventName: "DisableOrganizationsRootSessions", requestParameters: null });
    const decision = decide(event);
    if (decision.action !== "notify") throw new Error("not told");
    const request = buildNotification({ topicArn: TOPIC, activity: decision.activity, event });
    expect(request.Subject).toBe('[CRITICAL] Member root change-"DisableOrganizationsRootSessions" detected in Account-"444455556666"');
  });

  it("by root itself stays root activity, told as before", () => {
    const event = loadFixture("member-primary-email-update");
    event.detail.userIdentity = { type: "Root", principalId: "444455556666", arn: "arn:aws:iam::444455556666:root", accountId: "444455556666" };
    const decision = decide(event);
    expect(decision.action === "notify" && decision.activity.memberRootChange).toBeUndefined();
  });
});
