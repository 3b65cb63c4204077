/**
 * Once-only work (handler/sessions/run-once.ts) as one contract, run against the table's
 * (Powertools idempotency, on the emulator: e2e/session-store-on-emulator.test.ts) and the in-memory
 * one the handler's unit tests use (in-memory-once.test.ts). Each test uses keys of its own.
 */
import type { RunOnce } from "../../handler/sessions/run-once";

/** Defines the contract's tests for the once-only work `setup` gives (called before each test). */
export function runOnceContract(setup: () => RunOnce): void {
  let once: RunOnce;
  beforeEach(() => {
    once = setup();
  });

  it("runs the work for a key once, and answers a repeat with the first run's result", async () => {
    let runs = 0;
    const work = async () => ({ status: "alerted", messageId: `m-${(runs += 1)}` });
    expect(await once("event#once-1", work)).toEqual({ status: "alerted", messageId: "m-1" });
    expect(await once("event#once-1", work)).toEqual({ status: "alerted", messageId: "m-1" });
    expect(runs).toBe(1);
    expect(await once("event#once-2", work)).toEqual({ status: "alerted", messageId: "m-2" });
  });

  it("fails a run whose result the table cannot hold, after its work, and keeps the key in progress", async () => {
    // Powertools marshals the result without options: an undefined value (or a Date) is refused. The work has run by then.
    let runs = 0;
    await expect(once("event#unstorable", async () => ({ status: "told", messageId: undefined, runs: (runs += 1) }))).rejects.toMatchObject({ name: "IdempotencyPersistenceLayerError" });
    expect(runs).toBe(1);
    await expect(once("event#unstorable", async () => ({ status: "again" }))).rejects.toMatchObject({ name: "IdempotencyAlreadyInProgressError" });
    await expect(once("event#date", async () => ({ status: "told", at: new Date(0) as unknown }))).rejects.toMatchObject({ name: "IdempotencyPersistenceLayerError" });
    expect(await once("event#nested", async () => ({ status: "told", eventIds: ["e1", "e2"], counts: { kept: 2, told: null } }))).toEqual({ status: "told", eventIds: ["e1", "e2"], counts: { kept: 2, told: null } });
    expect(await once("event#nested", async () => ({ status: "not run" }))).toEqual({ status: "told", eventIds: ["e1", "e2"], counts: { kept: 2, told: null } });
  });

  it("leaves no mark when the work fails, so that the retry runs it", async () => {
    await expect(once("event#fails", async () => Promise.reject(new Error("publish failed")))).rejects.toThrow("publish failed");
    expect(await once("event#fails", async () => ({ status: "told on the retry" }))).toEqual({ status: "told on the retry" });
  });

  it("refuses a second run of a key while its work is running", async () => {
    let release: () => void = () => undefined;
    let started: () => void = () => undefined;
    const running = new Promise<void>((resolve) => (started = resolve));
    const first = once("event#running", async () => {
      started();
      await new Promise<void>((resolve) => (release = resolve));
      return { status: "first" };
    });
    await running;
    await expect(once("event#running", async () => ({ status: "second" }))).rejects.toMatchObject({ name: "IdempotencyAlreadyInProgressError" });
    release();
    expect(await first).toEqual({ status: "first" });
    expect(await once("event#running", async () => ({ status: "third" }))).toEqual({ status: "first" });
  });
}
