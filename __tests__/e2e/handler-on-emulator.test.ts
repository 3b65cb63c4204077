/**
 * The built bundle, dist/handler/index.js, run in a plain Node process (not Lambda: the emulator's
 * Lambda needs Docker) with the SQS batches Lambda's event source mapping would hand it, against the
 * emulator's DynamoDB, SNS and SQS. Each invocation is a fresh process, as a new execution
 * environment would be.
 */
import { CreateAccountAliasCommand, IAMClient } from "@aws-sdk/client-iam";
import { existsSync } from "node:fs";
import { HANDLER_BUNDLE, invokeBundle } from "../../emulator/invoke-bundle";
import { emulatorClientConfig, startMotoServer, type MotoServer } from "../../emulator/moto-server";
import { createEmulatedDelivery, inFlightEventOf, type EmulatedDelivery } from "../../emulator/emulated-delivery";
import { loadFixture } from "../helpers/fixtures";

describe("the built handler against the emulator", () => {
  let moto: MotoServer;
  let delivery: EmulatedDelivery;

  beforeAll(async () => {
    moto = await startMotoServer();
    await new IAMClient(emulatorClientConfig(moto.endpoint, "us-east-1")).send(new CreateAccountAliasCommand({ AccountAlias: "emulated-prod" }));
    delivery = await createEmulatedDelivery(moto.endpoint, "handler-e2e");
  });
  afterAll(async () => moto?.stop());

  const batchOf = (...events: unknown[]) => inFlightEventOf(delivery, events.map((event) => JSON.stringify(event)));

  it("alerts once on a root sign-in from a batch, reporting no failed message, and logs the decision with its request id", async () => {
    expect(existsSync(HANDLER_BUNDLE)).toBe(true); // `npm test` builds it first
    const invocation = await invokeBundle(await batchOf(loadFixture("root-console-sign-in-failure")), delivery.env);
    expect(invocation).toMatchObject({ ok: true, result: { batchItemFailures: [] } });
    expect(invocation.logs).toEqual(expect.arrayContaining([expect.objectContaining({ level: "INFO", message: "alerted", cold_start: expect.any(Boolean), function_request_id: expect.any(String) })]));

    const delivered = await delivery.delivered();
    expect(delivered).toHaveLength(1);
    expect(delivered[0].Subject).toBe('[HIGH] Root console sign-in FAILED-"ConsoleLogin" detected in Account-"emulated-prod"');
    expect(JSON.parse(delivered[0].Message)).toMatchObject({ kind: "alert", eventIds: [loadFixture("root-console-sign-in-failure").detail.eventID] });
  });

  it("publishes nothing for the same event delivered again, to another execution environment", async () => {
    const invocation = await invokeBundle(await batchOf(loadFixture("root-console-sign-in-failure")), delivery.env);
    expect(invocation).toMatchObject({ ok: true, result: { batchItemFailures: [] } });
    expect(await delivery.delivered()).toEqual([]);
  });

  it("tells an unreadable message as a possible forgery rather than dropping it", async () => {
    const invocation = await invokeBundle(await inFlightEventOf(delivery, ["not an event {"]), delivery.env);
    expect(invocation).toMatchObject({ ok: true, result: { batchItemFailures: [] } });
    const delivered = await delivery.delivered();
    expect(delivered.map((envelope) => envelope.Subject)).toEqual(["[CRITICAL] Root activity monitor: possible forgery on its buffer queue"]);
    expect(delivered[0].Message).not.toContain("not an event");
  });

  it("tells a made-up batch handed to it directly (not in flight on its buffer) as a possible forgery, and believes none of it", async () => {
    // lambda:InvokeFunction with a real-looking root event: the buffer never held it, so SQS refuses its receipt handle.
    const event = loadFixture("root-cloudtrail-stop-logging");
    const real = await batchOf(event);
    const forged = { Records: real.Records.map((record) => ({ ...record, messageId: "forged-1", receiptHandle: "made-up-handle" })) };
    const invocation = await invokeBundle(forged, delivery.env);
    expect(invocation).toMatchObject({ ok: true, result: { batchItemFailures: [] } });
    const delivered = await delivery.delivered();
    expect(delivered.map((envelope) => envelope.Subject)).toEqual(["[CRITICAL] Root activity monitor: possible forgery on its buffer queue"]);
    expect(delivered[0].Message).not.toContain("StopLogging");
    // The same event, really on the buffer, is believed.
    expect(await invokeBundle(real, delivery.env)).toMatchObject({ ok: true, result: { batchItemFailures: [] } });
    expect((await delivery.delivered()).map((envelope) => envelope.Subject)).toEqual([expect.stringMatching(/^\[CRITICAL\] .*StopLogging/)]);
  });

  it("writes its heartbeat for the alarm into the log: one Runs count of the invoked function in embedded metric format", async () => {
    const invocation = await invokeBundle(await batchOf(loadFixture("root-console-sign-in-failure")), { ...delivery.env, AWS_LAMBDA_FUNCTION_NAME: "handler-e2e-fn" });
    const metricLines = invocation.logs.filter((line) => line._aws !== undefined) as Array<Record<string, any>>;
    expect(metricLines.map((line) => [line._aws.CloudWatchMetrics, line.FunctionName, line.Runs])).toEqual([
      [[{ Namespace: "root-activity-monitor", Dimensions: [["FunctionName"]], Metrics: [{ Name: "Runs", Unit: "Count" }] }], "handler-e2e-fn", 1],
    ]);
  });
});
