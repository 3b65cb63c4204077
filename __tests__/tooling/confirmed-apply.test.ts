/**
 * The question deploy and destroy ask before they apply (issue 21, item 4): only `yes` goes on, and
 * Ctrl-C or the end of input is a no that the command tells as "Nothing removed." (exit 2), never
 * "destroy failed: Aborted with Ctrl+C" (exit 1). Asked on a terminal of the test's own: readline in
 * terminal mode reads Ctrl-C as the character \x03, as it does on a real terminal in raw mode.
 */
import { PassThrough } from "node:stream";
import { confirmed } from "../../scripts/lib/confirmed-apply";

/** Asks, then types `typed` (or ends the input, for undefined) once the question is shown. */
async function answer(typed: string | undefined): Promise<{ answer: boolean; shown: string }> {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = "";
  output.on("data", (chunk: Buffer) => {
    shown += chunk.toString();
    if (shown.includes("Go on?")) setImmediate(() => (typed === undefined ? input.end() : input.write(typed)));
  });
  const result = await confirmed("Go on? ", { input, output });
  return { answer: result, shown };
}

describe("confirmed", () => {
  it("goes on for yes", async () => {
    expect((await answer("yes\n")).answer).toBe(true);
  });

  it.each([["no\n"], ["y\n"], ["YES please\n"]])("does not go on for %j", async (typed) => {
    expect((await answer(typed)).answer).toBe(false);
  });

  it("takes Ctrl-C as a no, and ends the question's line", async () => {
    const { answer: result, shown } = await answer("\x03");
    expect(result).toBe(false);
    expect(shown.endsWith("\n")).toBe(true);
  });

  it("takes the end of input (Ctrl-D) as a no", async () => {
    expect((await answer(undefined)).answer).toBe(false);
  });
});
