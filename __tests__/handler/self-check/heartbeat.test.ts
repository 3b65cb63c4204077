import { buildHeartbeat, heartbeatDay, heartbeatDue } from "../../../handler/self-check/heartbeat";
import { MESSAGE_KEYS } from "../../../handler/messages/envelope";

const MONDAY = Date.parse("2026-11-23T08:00:00Z");
const TUESDAY = Date.parse("2026-11-24T08:00:00Z");
const input = { topicArn: "arn:aws:sns:us-east-1:111122223333:root-activity-monitor", heartbeat: "weekly" as const, regions: ["us-east-1", "eu-west-1", "ap-southeast-2"], rootEvents: 3, warnings: [], accountId: "111122223333", checkedAt: MONDAY };

describe("the heartbeat", () => {
  it("is due every day with daily, on Mondays (UTC) with weekly, never with off", () => {
    expect([heartbeatDue("daily", MONDAY), heartbeatDue("daily", TUESDAY)]).toEqual([true, true]);
    expect([heartbeatDue("weekly", MONDAY), heartbeatDue("weekly", TUESDAY)]).toEqual([true, false]);
    expect([heartbeatDue("off", MONDAY), heartbeatDue("off", TUESDAY)]).toEqual([false, false]);
  });

  it("goes out at most once a day, whatever the time", () => {
    expect(heartbeatDay(MONDAY)).toBe(heartbeatDay(Date.parse("2026-11-23T23:59:59Z")));
    expect(heartbeatDay(MONDAY)).not.toBe(heartbeatDay(TUESDAY));
  });

  it("says how many Regions are watched and how many root events came this week", () => {
    expect(buildHeartbeat(input).Subject).toBe("root activity monitor: all 3 Regions watched, 3 root events this week");
    expect(buildHeartbeat({ ...input, regions: ["eu-west-1"], rootEvents: 1 }).Subject).toBe("root activity monitor: eu-west-1 watched, 1 root event this week");
  });

  it("tells what was checked, what is worth a look, and what its absence means", () => {
    const warning = { region: "us-east-1", check: "subscriptions", level: "warn" as const, message: "1 confirmed; still pending confirmation: oncall@example.com" };
    const email = JSON.parse(buildHeartbeat({ ...input, warnings: [warning] }).Message as string)[MESSAGE_KEYS.email];
    expect(email).toContain("found nothing wrong in any of its 3 Regions (us-east-1, eu-west-1, ap-southeast-2)");
    expect(email).toContain("Root events in the last 7 days: 3");
    expect(email).toContain("WORTH A LOOK\n- us-east-1 subscriptions: 1 confirmed; still pending confirmation: oncall@example.com");
    expect(email).toContain("every Monday (UTC)");
    expect(email).toContain("if it does not come, run npm run doctor");
  });

  it("carries a JSON copy of kind heartbeat, low in severity", () => {
    const request = buildHeartbeat(input);
    expect(JSON.parse(JSON.parse(request.Message as string)[MESSAGE_KEYS.json])).toMatchObject({ kind: "heartbeat", severity: "low", regions: input.regions, rootEventsLast7Days: 3, warnings: [] });
    expect(request.MessageAttributes).toMatchObject({ messageKind: { StringValue: "heartbeat" }, severity: { StringValue: "low" } });
  });
});
