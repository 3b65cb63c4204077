import fc from "fast-check";
import { DIGEST_TRIGGER_TYPE, digestTriggerBody, readBufferedMessage } from "../../handler/delivery/buffered-message";
import { ROOT_FIXTURES } from "../helpers/fixtures";
import { loadFixture } from "../helpers/fixtures";
import { scheduledEvent } from "../helpers/scheduled-event";

describe("readBufferedMessage", () => {
  it("reads a root event the rule put on the buffer", () => {
    const event = loadFixture("root-console-sign-in-success");
    expect(readBufferedMessage(JSON.stringify(event))).toEqual({ kind: "event", event });
  });

  it("reads back the digest trigger the function put there", () => {
    expect(readBufferedMessage(digestTriggerBody("111122223333:key:abc"))).toEqual({ kind: "digest-due", sessionKey: "111122223333:key:abc" });
    expect(readBufferedMessage(digestTriggerBody("111122223333:key:abc", "chain-1"))).toEqual({ kind: "digest-due", sessionKey: "111122223333:key:abc", chain: "chain-1" });
  });

  it.each(ROOT_FIXTURES)("reads the recorded %s as an event of the monitor's rules", (name) => {
    expect(readBufferedMessage(JSON.stringify(loadFixture(name))).kind).toBe("event");
  });

  it("keeps a message that is not JSON as unexpected, to tell it rather than drop it", () => {
    expect(readBufferedMessage("not json {")).toEqual({ kind: "unexpected", reason: "it is not JSON" });
  });

  it("keeps JSON that is not an object as unexpected", () => {
    expect(readBufferedMessage('["FALSE ALARM"]')).toEqual({ kind: "unexpected", reason: "it is JSON, but not an object" });
  });

  it("keeps a digest trigger without a session as unexpected", () => {
    expect(readBufferedMessage(JSON.stringify({ type: DIGEST_TRIGGER_TYPE }))).toEqual({ kind: "unexpected", reason: "it looks like a digest trigger but names no session" });
  });

  it.each([
    ["a source that is not an AWS service's", { source: "root-activity-monitor.test" }],
    ["no source at all", { source: undefined }],
    ["a source that only looks like one", { source: "aws" }],
  ])("does not believe a root event with %s: no rule of the monitor's delivers it", (_name, change) => {
    const event = { ...loadFixture("root-create-access-key"), ...change };
    expect(readBufferedMessage(JSON.stringify(event))).toEqual({ kind: "unexpected", reason: "its source is not an AWS service (aws.*), so no rule of the monitor's delivered it" });
  });

  it.each(["AWS Service Event via CloudTrail", "Root Activity", undefined])("does not believe a root event of detail-type %p, which the rules do not route", (detailType) => {
    const event = { ...loadFixture("root-create-access-key"), "detail-type": detailType };
    expect(readBufferedMessage(JSON.stringify(event))).toEqual({ kind: "unexpected", reason: "its detail-type is not one the monitor's rules deliver" });
  });

  it("does not believe a bare CloudTrail record put on the queue", () => {
    expect(readBufferedMessage(JSON.stringify(loadFixture("root-create-access-key").detail)).kind).toBe("unexpected");
  });

  it("reads a scheduled event, with EventBridge's id and the rules that fired", () => {
    const arn = "arn:aws:events:us-east-1:111122223333:rule/root-activity-monitor-self-check";
    const body = JSON.stringify(scheduledEvent(arn, { id: "run-1" }));
    expect(readBufferedMessage(body)).toEqual({ kind: "scheduled", id: "run-1", resources: [arn] });
  });

  it("keeps a scheduled event without resources as one that names no rule", () => {
    const body = JSON.stringify({ source: "aws.events", "detail-type": "Scheduled Event", resources: "not a list" });
    expect(readBufferedMessage(body)).toEqual({ kind: "scheduled", resources: [] });
  });

  it("answers for any text, never throwing", () => {
    fc.assert(
      fc.property(fc.string(), (body) => {
        expect(["event", "digest-due", "scheduled", "unexpected"]).toContain(readBufferedMessage(body).kind);
      }),
      { numRuns: 1000 },
    );
  });
});
