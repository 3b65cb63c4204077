import { digestTriggerBody } from "../../handler/delivery/buffered-message";
import { criticalFirst } from "../../handler/delivery/critical-first";
import { loadFixture } from "../helpers/fixtures";

const record = (id: string, body: string) => ({ messageId: id, body });
const event = (fixture: Parameters<typeof loadFixture>[0]) => JSON.stringify(loadFixture(fixture));

describe("criticalFirst", () => {
  it("puts a batch's critical root events first and keeps the batch's order within each group", () => {
    const records = [
      record("spray-1", event("root-console-sign-in-failure")),
      record("stop-logging", event("root-cloudtrail-stop-logging")),
      record("trigger", digestTriggerBody("111122223333:failed-sign-ins")),
      record("spray-2", event("root-console-sign-in-failure")),
      record("access-key", event("root-create-access-key")),
      record("unreadable", "\u0000not json"),
    ];
    const [critical, rest] = criticalFirst(records);
    expect(critical.map((r) => r.messageId)).toEqual(["stop-logging", "access-key"]);
    expect(rest.map((r) => r.messageId)).toEqual(["spray-1", "trigger", "spray-2", "unreadable"]);
  });

  it("leaves a batch without critical events as it is", () => {
    const records = [record("a", event("root-api-call-create-volume")), record("b", event("root-console-sign-in-success"))];
    expect(criticalFirst(records)).toEqual([[], records]);
  });
});
