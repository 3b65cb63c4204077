/**
 * Issue 22, item 3: the in-memory once-only work the handler's unit tests run on keeps the rules of
 * the table's (Powertools idempotency): the same contract (contracts/run-once-contract.ts) that
 * e2e/session-store-on-emulator.test.ts runs on the emulator.
 */
import { inMemoryOnce } from "../../handler/sessions/in-memory-once";
import { runOnceContract } from "../contracts/run-once-contract";

describe("once-only work, in memory", () => {
  runOnceContract(() => inMemoryOnce());
});
