import { publishPriorityOf } from "../../handler/publishing/publish-priority";

const attributes = (messageKind: string, severity?: string) => ({
  MessageAttributes: { messageKind: { DataType: "String", StringValue: messageKind }, ...(severity ? { severity: { DataType: "String", StringValue: severity } } : {}) },
});

describe("publishPriorityOf", () => {
  it.each([
    ["a critical alert", attributes("alert", "critical"), "critical"],
    ["a high alert", attributes("alert", "high"), "high"],
    ["a medium alert", attributes("alert", "medium"), "routine"],
    ["a low alert", attributes("alert", "low"), "routine"],
    ["a digest of high actions", attributes("digest", "high"), "routine"],
    ["a digest that says critical", attributes("digest", "critical"), "routine"],
    ["the heartbeat", attributes("heartbeat", "low"), "routine"],
    ["the self-check's blind message", attributes("self-check", "critical"), "critical"],
    ["an unreadable message", attributes("unreadable", "high"), "high"],
    ["a message without attributes", {}, "routine"],
  ] as const)("ranks %s as %p", (_what, request, priority) => {
    expect(publishPriorityOf(request)).toBe(priority);
  });
});
