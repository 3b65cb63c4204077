import { readFileSync } from "node:fs";
import * as path from "node:path";
import { renderSampleNotification } from "../scripts/sample-notification";

const ROOT = path.join(__dirname, "..");
const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");

describe("README", () => {
  it("shows the sample notification exactly as the handler renders it", () => {
    const block = /<!-- sample-notification:start -->\n```text\n([\s\S]*?)```\n<!-- sample-notification:end -->/.exec(readme);
    expect(block).not.toBeNull();
    expect(block?.[1]).toBe(renderSampleNotification());
  });

  it("gives the test command that CI runs", () => {
    const ci = readFileSync(path.join(ROOT, ".ci", "run"), "utf8");
    expect(readme).toContain("npm test    #");
    expect(ci).toMatch(/^npm ci$/m);
    expect(ci).toMatch(/^npm test$/m);
  });
});
