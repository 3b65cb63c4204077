import fc from "fast-check";
import { DIGEST_TRIGGER_TYPE, digestTriggerBody, readBufferedMessage } from "../../handler/buffered-message";
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

  it("keeps a message that is not JSON, to tell it rather than drop it", () => {
    expect(readBufferedMessage("not json {")).toEqual({ kind: "unreadable", text: "not json {" });
  });

  it("keeps a digest trigger without a session as unreadable", () => {
    const body = JSON.stringify({ type: DIGEST_TRIGGER_TYPE });
    expect(readBufferedMessage(body)).toEqual({ kind: "unreadable", text: body });
  });

  it("reads a scheduled event, with EventBridge's id and the rules that fired", () => {
    const arn = "arn:aws:events:us-east-1:111122223333:rule/root-activity-monitor-self-check";
    const body = JSON.stringify(scheduledEvent(arn, { id: "run-1" }));
    expect(readBufferedMessage(body)).toEqual({ kind: "scheduled", id: "run-1", resources: [arn], text: body });
  });

  it("keeps a scheduled event without resources as one that names no rule", () => {
    const body = JSON.stringify({ source: "aws.events", "detail-type": "Scheduled Event", resources: "not a list" });
    expect(readBufferedMessage(body)).toEqual({ kind: "scheduled", resources: [], text: body });
  });

  it("answers for any text, never throwing", () => {
    fc.assert(
      fc.property(fc.string(), (body) => {
        expect(["event", "digest-due", "scheduled", "unreadable"]).toContain(readBufferedMessage(body).kind);
      }),
      { numRuns: 1000 },
    );
  });
});
