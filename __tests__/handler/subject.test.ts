import fc from "fast-check";
import { SEVERITIES } from "../../handler/events/severity";
import { CRITICAL_SUBJECT_PREFIX, formatSubject, isValidSnsSubject, MAX_SUBJECT_LENGTH, toSubjectText } from "../../handler/messages/subject";

const apiCall = (eventName: string) => ({ label: "Root API call", eventName });

describe("formatSubject", () => {
  it("keeps the blog's format for API calls so existing mail filters match", () => {
    expect(formatSubject(apiCall("CreateVolume"), "prod-payments")).toBe('Root API call-"CreateVolume" detected in Account-"prod-payments"');
  });

  it("puts [CRITICAL] at the very start of a critical event's subject, then the blog's format", () => {
    expect(formatSubject({ label: "Root API call", eventName: "CreateAccessKey", severity: "critical" }, "prod")).toBe(
      '[CRITICAL] Root API call-"CreateAccessKey" detected in Account-"prod"',
    );
  });

  it("puts [HIGH] at the very start of a high event's subject: high is told at once too", () => {
    expect(formatSubject({ label: "Root API call", eventName: "CreateUser", severity: "high" }, "prod")).toBe('[HIGH] Root API call-"CreateUser" detected in Account-"prod"');
  });

  it.each(["medium", "low"] as const)("adds nothing for a %s event", (severity) => {
    expect(formatSubject({ label: "Root API call", eventName: "ListBuckets", severity }, "prod")).toBe('Root API call-"ListBuckets" detected in Account-"prod"');
  });

  it("uses the label it is given", () => {
    expect(formatSubject({ label: "Root console sign-in FAILED", eventName: "ConsoleLogin" }, "prod")).toBe(
      'Root console sign-in FAILED-"ConsoleLogin" detected in Account-"prod"',
    );
  });

  it("turns a newline and a NUL into single spaces", () => {
    expect(formatSubject(apiCall("Create\nVol\u0000ume"), "prod")).toBe('Root API call-"Create Vol ume" detected in Account-"prod"');
  });

  it("turns a line separator, a bidi override and a zero-width space into something visible or nothing", () => {
    expect(formatSubject(apiCall("Create\u2028Vol\u202eu\u200bme"), "prod")).toBe('Root API call-"Create Vol?u?me" detected in Account-"prod"');
  });

  it("replaces an emoji with one question mark", () => {
    expect(formatSubject(apiCall("Create🔥Volume"), "prod")).toBe('Root API call-"Create?Volume" detected in Account-"prod"');
  });

  it("cuts a 300-character event name and keeps the whole account visible", () => {
    const subject = formatSubject(apiCall("A".repeat(300)), "111122223333");
    expect(subject.length).toBe(MAX_SUBJECT_LENGTH);
    expect(subject).toMatch(/^Root API call-"A+\.\.\." detected in Account-"111122223333"$/);
  });

  it("keeps the prefix and the whole account when a critical event has a long name", () => {
    const subject = formatSubject({ label: "Root password reset", eventName: "PasswordRecoveryRequested".repeat(4), severity: "critical" }, "prod-payments");
    expect(subject.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
    expect(subject.startsWith(CRITICAL_SUBJECT_PREFIX)).toBe(true);
    expect(subject.endsWith('detected in Account-"prod-payments"')).toBe(true);
  });

  it("keeps most of a 63-character alias beside a long event name under a long label", () => {
    const alias = "a".repeat(63);
    const subject = formatSubject({ label: "Root console sign-in FAILED", eventName: "B".repeat(300) }, alias);
    expect(subject.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
    expect(subject).toContain('-"BBBBBBBBB..." detected in Account-"aaaaaaaaaa');
    expect(isValidSnsSubject(subject)).toBe(true);
  });

  it("writes 'unknown' when the event name has nothing printable", () => {
    expect(formatSubject(apiCall("\n\t "), "prod")).toBe('Root API call-"unknown" detected in Account-"prod"');
  });

  it("produces a subject SNS accepts for any label, event name, account label and severity", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 120 }),
        fc.string({ unit: "binary", maxLength: 400 }),
        fc.string({ unit: "binary", maxLength: 200 }),
        fc.option(fc.constantFrom(...SEVERITIES), { nil: undefined }),
        (label, eventName, account, severity) => {
          const subject = formatSubject({ label, eventName, severity }, account);
          expect(isValidSnsSubject(subject)).toBe(true);
          expect(subject.startsWith(CRITICAL_SUBJECT_PREFIX)).toBe(severity === "critical");
        },
      ),
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
