/**
 * src/contract/ is what the infrastructure and the function share, and the handler bundle imports it:
 * a cdktf, constructs, AWS SDK or Node import there would pull the infrastructure's code into every
 * Lambda function (or the SDK into every synth). Only zod and the room's own files may be imported.
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";

const CONTRACT = path.join(__dirname, "..", "..", "src", "contract");
const ALLOWED = /^(zod|zod\/mini|\.\/[a-z-]+)$/;

/** Every module a file names: static imports, re-exports, `import()` and `require()`. */
const importsOf = (source: string): string[] =>
  [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']([^"']+)["']/g)].map((match) => match[1]);

describe("src/contract/", () => {
  const files = readdirSync(CONTRACT).filter((name) => name.endsWith(".ts"));

  it("holds the shared contract files", () => {
    expect(files).toEqual(expect.arrayContaining(["names.ts", "event-pattern.ts", "function-environment.ts", "self-check-plan.ts"]));
  });

  it("imports nothing but zod and its own files: no cdktf, constructs, AWS SDK or Node module", () => {
    const outside = files.flatMap((file) =>
      importsOf(readFileSync(path.join(CONTRACT, file), "utf8"))
        .filter((specifier) => !ALLOWED.test(specifier))
        .map((specifier) => `${file}: ${specifier}`),
    );
    expect(outside).toEqual([]);
  });

  it("reads every kind of import it checks", () => {
    const source = 'import { a } from "cdktf";\nexport { b } from "@aws-sdk/client-sns";\nconst c = require("node:fs");\nconst d = import("./names");';
    expect(importsOf(source)).toEqual(["cdktf", "@aws-sdk/client-sns", "node:fs", "./names"]);
  });
});
