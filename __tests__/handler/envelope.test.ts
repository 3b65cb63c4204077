import { envelope, fittedEnvelope, stringAttribute } from "../../handler/messages/envelope";

const TOPIC = "arn:aws:sns:eu-west-1:111122223333:root-activity-monitor";
const HEAD = { topicArn: TOPIC, subject: "[HIGH] Something", attributes: { messageKind: stringAttribute("alert") } };

describe("envelope", () => {
  it("puts the text under email, the JSON copy under default and the subject under sms, as one JSON message", () => {
    const request = envelope({ ...HEAD, email: "Read me.", machineCopy: { kind: "alert", n: 1 } });
    expect(request).toEqual({
      TopicArn: TOPIC,
      Subject: "[HIGH] Something",
      MessageStructure: "json",
      Message: '{"default":"{\\"kind\\":\\"alert\\",\\"n\\":1}","email":"Read me.","sms":"[HIGH] Something"}',
      MessageAttributes: { messageKind: { DataType: "String", StringValue: "alert" } },
    });
  });

  it("escapes hidden characters in the JSON copy, so that it shows what it holds", () => {
    const request = envelope({ ...HEAD, email: "", machineCopy: { who: "admin\u202Egnp.exe" } });
    expect(JSON.parse(request.Message ?? "").default).toBe('{"who":"admin\\u202egnp.exe"}');
  });
});

describe("fittedEnvelope", () => {
  /** A view is the length of the text it says; the JSON copy is null. */
  const say = (length: number) => ({ email: "x".repeat(length), machineCopy: null });
  const emailOf = (request: { Message?: string }) => JSON.parse(request.Message ?? "").email as string;
  // The budget is 256 KiB less 4 KiB: 258,048 bytes. Around the text: the message's own 54 bytes
  // ({"default":"null","email":"...","sms":"[HIGH] Something"}), the subject's 16 and the
  // attribute's 22 (messageKind, String, alert): 92 bytes, so the text may have 257,956.
  const MOST = 257_956;

  it("takes the first view whose message fits SNS's size with room to spare", () => {
    const tried: number[] = [];
    const request = fittedEnvelope(HEAD, [300_000, MOST + 1, MOST, 1_000], (length) => (tried.push(length), say(length)));
    expect(tried).toEqual([300_000, MOST + 1, MOST]);
    expect(emailOf(request)).toHaveLength(MOST);
  });

  it("counts the allowance given for the attributes instead of their size when there is one", () => {
    // 1,024 bytes instead of 22: 1,002 fewer for the text.
    expect(emailOf(fittedEnvelope(HEAD, [MOST - 1_001, MOST - 1_002, 1], say, 1_024))).toHaveLength(MOST - 1_002);
  });

  it("sends the last view when none fits", () => {
    expect(emailOf(fittedEnvelope(HEAD, [400_000, 300_000], say))).toHaveLength(300_000);
  });
});
