/**
 * Issue 21, item 6: a cdktf.json that is not JSON stops with one message naming the file, the line
 * and column, and what is allowed, not JSON.parse's "at position 99".
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { readCdktfJsonContext } from "../../src/settings/cdktf-context";

const dir = mkdtempSync(path.join(tmpdir(), "cdktf-json-"));
const fileWith = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};
const messageOf = (file: string): string => {
  try {
    readCdktfJsonContext(file);
    return "";
  } catch (error) {
    return (error as Error).message;
  }
};

describe("reading cdktf.json", () => {
  it("names the file, the line and the column of a property name without quotes", () => {
    const file = fileWith("unquoted.json", '{\n  "language": "typescript",\n  "context": {\n    stateBucket: "acme-terraform-state"\n  }\n}\n');
    expect(messageOf(file)).toBe(`Invalid settings:\n  ${file} is not valid JSON at line 4, column 5: Expected property name or '}'. Allowed: a JSON object, its settings under "context" (see the README's Usage).`);
  });

  it("names where a file that ends too early ends", () => {
    const file = fileWith("short.json", '{\n  "context": {\n    "regions": ["eu-west-1"]\n');
    expect(messageOf(file)).toBe(`Invalid settings:\n  ${file} is not valid JSON at line 4, column 1: Expected ',' or '}' after property value. Allowed: a JSON object, its settings under "context" (see the README's Usage).`);
  });

  it("names the line and column of a value that is not JSON (Python's True), without V8's excerpt", () => {
    const file = fileWith("python.json", '{\n  "context": {\n    "createTrail": True\n  }\n}\n');
    expect(messageOf(file)).toBe(`Invalid settings:\n  ${file} is not valid JSON at line 3, column 20: Unexpected token 'T'. Allowed: a JSON object, its settings under "context" (see the README's Usage).`);
  });

  it("finds the column of a bad value near the start of a short file, and near its end", () => {
    expect(messageOf(fileWith("yes.json", '{"a": yes}'))).toContain("yes.json is not valid JSON at line 1, column 7: Unexpected token 'y'.");
    expect(messageOf(fileWith("tail.json", '{"abcdefghijklmnopq": 1, "x": @}'))).toContain("tail.json is not valid JSON at line 1, column 31: Unexpected token '@'.");
    expect(messageOf(fileWith("head.json", '{"x": @, "abcdefghijklmnopq": 1}'))).toContain("head.json is not valid JSON at line 1, column 7: Unexpected token '@'.");
  });

  it("refuses a context that is not an object of settings", () => {
    const file = fileWith("list.json", '{ "context": ["eu-west-1"] }');
    expect(messageOf(file)).toBe(`Invalid settings:\n  ${file} has a "context" of ["eu-west-1"]. Allowed: a JSON object of settings (see the README's Usage).`);
  });

  it("reads the context of a valid file, and none of a file without one", () => {
    expect(readCdktfJsonContext(fileWith("ok.json", '{ "context": { "regions": ["eu-west-1"] } }'))).toEqual({ regions: ["eu-west-1"] });
    expect(readCdktfJsonContext(fileWith("empty.json", '{ "language": "typescript" }'))).toEqual({});
  });
});
