#!/usr/bin/env node
/**
 * Runs the built Lambda bundle (dist/handler/index.js) in this Node process, the way the Lambda
 * runtime would: it reads one event as JSON from standard input, calls `handler`, and prints the
 * result as JSON on the last line of standard output. The handler's own log lines come before it.
 * Exit code 1 when the handler throws (the case where Lambda would retry).
 * With --batch, standard input is a JSON array of events, handled one after another in this one
 * execution environment (as a warm Lambda would), and the result is the array of results.
 *
 *   SNS_TOPIC_ARN=arn:... AWS_ENDPOINT_URL=http://127.0.0.1:5000 node scripts/invoke-bundle.cjs < event.json
 */
const path = require("node:path");

const bundle = process.env.HANDLER_BUNDLE || path.join(__dirname, "..", "dist", "handler", "index.js");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", async () => {
  try {
    const { handler } = require(bundle);
    const parsed = JSON.parse(input);
    let result;
    if (process.argv.includes("--batch")) {
      result = [];
      for (const event of parsed) result.push(await handler(event));
    } else {
      result = await handler(parsed);
    }
    process.stdout.write(`${JSON.stringify({ ok: true, result })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ ok: false, error: { name: error && error.name, message: String(error && error.message) } })}\n`);
    process.exitCode = 1;
  }
});
