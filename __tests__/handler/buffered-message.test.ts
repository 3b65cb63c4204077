import fc from "fast-check";
import { DIGEST_TRIGGER_TYPE, digestTriggerBody, readBufferedMessage } from "../../handler/buffered-message";
import { loadFixture } from "../helpers/fixtures";

describe("readBufferedMessage", () => {
  it("reads a root event the rule put on the buffer", () => {
    const event = loadFixture("root-console-sign-in-success");
    expect(readBufferedMessage(JSON.stringify(event))).toEqual({ kind: "event", event });
  });

  it("reads back the digest trigger the function put there", () => {
    expect(readBufferedMessage(digestTriggerBody("111122223333:key:abc"))).toEqual({ kind: "digest-due", sessionKey: "111122223333:key:abc" });
  });

  it("keeps a message that is not JSON, to tell it rather than drop it", () => {
    expect(readBufferedMessage("not json {")).toEqual({ kind: "unreadable", text: "not json {" });
  });

  it("keeps a digest trigger without a session as unreadable", () => {
    const body = JSON.stringify({ type: DIGEST_TRIGGER_TYPE });
    expect(readBufferedMessage(body)).toEqual({ kind: "unreadable", text: body });
  });

  it("answers for any text, never throwing", () => {
    fc.assert(
      fc.property(fc.string(), (body) => {
        expect(["event", "digest-due", "unreadable"]).toContain(readBufferedMessage(body).kind);
      }),
      { numRuns: 1000 },
    );
  });
});
