/** The Lambda entry point's cold-start contract: every setting it needs is read once, and a missing one is named. */
import { HANDLER_CONTRACT } from "../../src/contract/names";

const REQUIRED = {
  [HANDLER_CONTRACT.topicArnEnv]: "arn:aws:sns:us-east-1:111122223333:root-activity-monitor",
  [HANDLER_CONTRACT.env.sessionTable]: "root-activity-monitor-sessions",
  [HANDLER_CONTRACT.env.bufferQueueUrl]: "https://sqs.us-east-1.amazonaws.com/111122223333/root-activity-monitor-buffer",
  [HANDLER_CONTRACT.env.digestIntervalSeconds]: "300",
  [HANDLER_CONTRACT.env.sessionQuietSeconds]: "600",
  [HANDLER_CONTRACT.env.selfCheck]: JSON.stringify({
    schedule: "arn:aws:events:us-east-1:111122223333:rule/root-activity-monitor-self-check",
    heartbeat: "weekly",
    account: "111122223333",
    readOnly: true,
    regions: ["us-east-1"],
    rule: { name: "root-activity-monitor", target: "arn:aws:sqs:us-east-1:111122223333:root-activity-monitor-buffer", deadLetterQueue: "root-activity-monitor-undeliverable" },
    delivery: { region: "us-east-1", topic: "arn:aws:sns:us-east-1:111122223333:root-activity-monitor", unprocessed: "root-activity-monitor-unprocessed" },
  }),
};

describe("handler/index", () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of Object.keys(REQUIRED)) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it.each(Object.keys(REQUIRED))("fails at cold start, naming %s, when it is not set", (missing) => {
    Object.assign(process.env, REQUIRED);
    delete process.env[missing];
    jest.isolateModules(() => {
      expect(() => require("../../handler/index")).toThrow(`Environment variable ${missing} is required but is not set`);
    });
  });

  it("fails at cold start when an interval is not a whole number of seconds", () => {
    Object.assign(process.env, REQUIRED, { [HANDLER_CONTRACT.env.digestIntervalSeconds]: "5m" });
    jest.isolateModules(() => {
      expect(() => require("../../handler/index")).toThrow(`Environment variable ${HANDLER_CONTRACT.env.digestIntervalSeconds} must be a whole number of seconds; it is "5m".`);
    });
  });

  it("fails at cold start when the self-check plan is not what the deployment writes", () => {
    Object.assign(process.env, REQUIRED, { [HANDLER_CONTRACT.env.selfCheck]: "{}" });
    jest.isolateModules(() => {
      expect(() => require("../../handler/index")).toThrow(`Environment variable ${HANDLER_CONTRACT.env.selfCheck} must hold the self-check plan as JSON (the deployment sets it): schedule is not an ARN.`);
    });
  });

  it("writes a Runs count for the delivery, named by the invoked function, on every batch run", async () => {
    Object.assign(process.env, REQUIRED);
    let handler: (event: unknown, context: unknown) => Promise<unknown> = async () => undefined;
    jest.isolateModules(() => {
      handler = require("../../handler/index").handler;
    });
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const context = { functionName: "root-activity-monitor-eu", awsRequestId: "request-1", getRemainingTimeInMillis: () => 30_000 };
      await expect(handler({ Records: [] }, context)).resolves.toEqual({ batchItemFailures: [] });
      await handler({ Records: [] }, { ...context, awsRequestId: "request-2" });
    } finally {
      spy.mockRestore();
    }
    const runs = written
      .flatMap((chunk) => chunk.split("\n"))
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line))
      .filter((line) => line.Runs !== undefined);
    expect(runs.map((line) => [line._aws.CloudWatchMetrics[0].Namespace, line._aws.CloudWatchMetrics[0].Dimensions, line.FunctionName, line.Runs])).toEqual([
      ["root-activity-monitor", [["FunctionName"]], "root-activity-monitor-eu", 1],
      ["root-activity-monitor", [["FunctionName"]], "root-activity-monitor-eu", 1],
    ]);
  });

  it("exports a handler function when everything is set", () => {
    Object.assign(process.env, REQUIRED);
    jest.isolateModules(() => {
      expect(typeof require("../../handler/index").handler).toBe("function");
    });
  });
});
