#!/usr/bin/env node
/**
 * Runs the built Lambda bundle (dist/handler/index.js) in this Node process, the way the Lambda
 * runtime would: it reads one event (an SQS batch, as the event source mapping hands it over) as
 * JSON from standard input, calls `handler` with it and a Lambda-like context (request id, function
 * name, remaining time from LAMBDA_TIMEOUT_SECONDS, default 30), and prints the result as JSON on
 * the last line of standard output. The handler's own log lines come before it. Exit code 1 when
 * the handler throws (the case where Lambda would retry the whole batch).
 * With --batch, standard input is a JSON array of events, handled one after another in this one
 * execution environment (as a warm Lambda would), and the result is the array of results.
 *
 *   SNS_TOPIC_ARN=arn:... SESSION_TABLE_NAME=... BUFFER_QUEUE_URL=... DIGEST_INTERVAL_SECONDS=300 SESSION_QUIET_SECONDS=600 SELF_CHECK='{...}' \
 *     AWS_ENDPOINT_URL=http://127.0.0.1:5000 node emulator/lambda-runtime.cjs < sqs-batch.json
 */
const { randomUUID } = require("node:crypto");
const path = require("node:path");

/** What the Lambda runtime passes beside the event, as far as the handler reads it. */
function lambdaContext() {
  const started = Date.now();
  const timeoutMs = Number(process.env.LAMBDA_TIMEOUT_SECONDS || 30) * 1000;
  const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME || "root-activity-monitor";
  return {
    awsRequestId: randomUUID(),
    functionName,
    functionVersion: "$LATEST",
    memoryLimitInMB: "256",
    invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION || "us-east-1"}:123456789012:function:${functionName}`,
    logGroupName: `/aws/lambda/${functionName}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, started + timeoutMs - Date.now()),
  };
}

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
      for (const event of parsed) result.push(await handler(event, lambdaContext()));
    } else {
      result = await handler(parsed, lambdaContext());
    }
    process.stdout.write(`${JSON.stringify({ ok: true, result })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ ok: false, error: { name: error && error.name, message: String(error && error.message) } })}\n`);
    process.exitCode = 1;
  }
});
