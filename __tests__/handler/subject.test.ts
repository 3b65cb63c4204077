import fc from "fast-check";
import { formatSubject, isValidSnsSubject, MAX_SUBJECT_LENGTH, toSubjectText } from "../../handler/subject";

const apiCall = (eventName: string) => ({ kind: "api-call" as const, failed: false, eventName });

describe("formatSubject", () => {
  it("keeps the blog's format for API calls so existing mail filters match", () => {
    expect(formatSubject(apiCall("CreateVolume"), "prod-payments")).toBe(
      'Root API call-"CreateVolume" detected in Account-"prod-payments"',
    );
  });

  it("says a console sign-in is one", () => {
    expect(formatSubject({ kind: "console-sign-in", failed: false, eventName: "ConsoleLogin" }, "prod")).toBe(
      'Root console sign-in-"ConsoleLogin" detected in Account-"prod"',
    );
  });

  it("says a failed console sign-in failed", () => {
    expect(formatSubject({ kind: "console-sign-in", failed: true, eventName: "ConsoleLogin" }, "prod")).toBe(
      'Root console sign-in FAILED-"ConsoleLogin" detected in Account-"prod"',
    );
  });

  it("names console actions", () => {
    expect(formatSubject({ kind: "console-action", failed: false, eventName: "PasswordUpdated" }, "prod")).toBe(
      'Root console action-"PasswordUpdated" detected in Account-"prod"',
    );
  });

  it("turns a newline and a NUL into single spaces", () => {
    expect(formatSubject(apiCall("Create\nVol\u0000ume"), "prod")).toBe('Root API call-"Create Vol ume" detected in Account-"prod"');
  });

  it("replaces an emoji with one question mark", () => {
    expect(formatSubject(apiCall("Create🔥Volume"), "prod")).toBe('Root API call-"Create?Volume" detected in Account-"prod"');
  });

  it("cuts a 300-character event name and keeps the whole account visible", () => {
    const subject = formatSubject(apiCall("A".repeat(300)), "111122223333");
    expect(subject.length).toBe(MAX_SUBJECT_LENGTH);
    expect(subject).toMatch(/^Root API call-"A+\.\.\." detected in Account-"111122223333"$/);
  });

  it("keeps most of a 63-character alias beside a long event name under the longest label", () => {
    const alias = "a".repeat(63);
    const subject = formatSubject({ kind: "console-sign-in", failed: true, eventName: "B".repeat(300) }, alias);
    expect(subject.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
    expect(subject).toContain('-"BBBBBBBBB..." detected in Account-"aaaaaaaaaa');
    expect(isValidSnsSubject(subject)).toBe(true);
  });

  it("writes 'unknown' when the event name has nothing printable", () => {
    expect(formatSubject(apiCall("\n\t "), "prod")).toBe('Root API call-"unknown" detected in Account-"prod"');
  });

  it("produces a subject SNS accepts for any event name and account label", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), fc.string({ unit: "binary", maxLength: 200 }), fc.boolean(), (name, account, failed) => {
        const subject = formatSubject({ kind: "console-sign-in", failed, eventName: name }, account);
        expect(isValidSnsSubject(subject)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("isValidSnsSubject", () => {
  it.each([
    ["", false],
    [" leading space", false],
    ["a".repeat(99), true],
    ["a".repeat(100), false],
    ["line\nbreak", false],
    ["caf\u00e9", false],
    ['Root API call-"X" detected in Account-"y"', true],
  ])("judges %p as %p", (subject, valid) => {
    expect(isValidSnsSubject(subject)).toBe(valid);
  });
});

describe("toSubjectText", () => {
  it("collapses runs of whitespace, including non-ASCII spaces", () => {
    expect(toSubjectText("a \u00a0\u2003 b\t\tc")).toBe("a b c");
  });
});
