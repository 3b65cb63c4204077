import type { PublishCommandInput } from "@aws-sdk/client-sns";
import { createSlotWatch, SLOT_WATCH_INTERVAL_MS } from "../../handler/publishing/slot-tampering";
import { buildSlotTamperingMessage, SLOT_TAMPERING_SUBJECT } from "../../handler/messages/slot-tampering-message";
import { isValidSnsSubject } from "../../handler/messages/subject";
import { inMemoryOnce } from "../../handler/sessions/in-memory-once";
import { recordingLogger } from "../helpers/silent-logger";

const TOPIC = "arn:aws:sns:us-east-1:111122223333:root-activity-monitor";
const T0 = Date.parse("2026-11-20T08:00:10Z");

function watch(claims: number) {
  const clock = { now: T0 };
  const looks: number[] = [];
  const sent: PublishCommandInput[] = [];
  const publish = async (request: PublishCommandInput) => (sent.push(request), `msg-${sent.length}`);
  const slotWatch = createSlotWatch({
    slots: { claimsBeyondHonestHorizon: async (nowMs) => (looks.push(nowMs), claims) },
    topicArn: TOPIC,
    tableName: "root-activity-monitor-sessions",
    once: inMemoryOnce(),
    logger: recordingLogger(),
    now: () => clock.now,
  });
  return { clock, looks, sent, check: () => slotWatch.check(T0 + 60_000, publish) };
}

describe("the publish seconds' watch", () => {
  it("tells claims beyond the honest horizon as critical tampering", async () => {
    const { sent, check } = watch(74);
    await check();
    expect(sent).toHaveLength(1);
    expect(sent[0].Subject).toBe(SLOT_TAMPERING_SUBJECT);
    expect(sent[0].MessageAttributes).toMatchObject({ severity: { StringValue: "critical" }, messageKind: { StringValue: "tampering" }, accountId: { StringValue: "111122223333" } });
    expect(JSON.parse(sent[0].Message ?? "{}").email).toContain("found 74 publish-second claim(s) in its table root-activity-monitor-sessions for seconds more than 30 s ahead");
  });

  it("says nothing when there are none", async () => {
    const { sent, looks, check } = watch(0);
    await check();
    expect(looks).toHaveLength(1);
    expect(sent).toHaveLength(0);
  });

  it("looks once a minute per execution environment, and tells once an hour while the claims remain", async () => {
    const { clock, looks, sent, check } = watch(5);
    await check();
    await check();
    clock.now += SLOT_WATCH_INTERVAL_MS;
    await check();
    expect(looks).toHaveLength(2);
    expect(sent).toHaveLength(1);
    clock.now = T0 + 3_600_000;
    await check();
    expect(sent).toHaveLength(2);
  });

  it("throws when it cannot tell what it found, and looks again at the next record", async () => {
    const looks: number[] = [];
    const failing = createSlotWatch({
      slots: { claimsBeyondHonestHorizon: async (nowMs) => (looks.push(nowMs), 5) },
      topicArn: TOPIC,
      tableName: "t",
      once: inMemoryOnce(),
      logger: recordingLogger(),
      now: () => T0,
    });
    const publish = async () => {
      throw new Error("SNS unavailable");
    };
    await expect(failing.check(T0 + 60_000, publish)).rejects.toThrow("SNS unavailable");
    await expect(failing.check(T0 + 60_000, publish)).rejects.toThrow("SNS unavailable");
    expect(looks).toHaveLength(2);
  });

  it("has a subject SNS takes, and says how many when the count reached its limit", () => {
    expect(isValidSnsSubject(SLOT_TAMPERING_SUBJECT)).toBe(true);
    const request = buildSlotTamperingMessage({ topicArn: TOPIC, tableName: "t", partitionKey: `publish-slot#${TOPIC}`, claims: 1_000, limit: 1_000, foundAt: T0 });
    expect(JSON.parse(request.Message ?? "{}").email).toContain("found 1000 or more publish-second claim(s)");
  });
});
