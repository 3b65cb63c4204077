/**
 * Issue 22, item 3: the in-memory session store (the one the handler's unit tests and the README's
 * timeline run on) keeps the session rules as the deployed DynamoDB table does: the same contract
 * (contracts/session-rules-contract.ts) that e2e/session-store-on-emulator.test.ts runs on the table.
 */
import { InMemorySessionStore } from "../../handler/sessions/in-memory-store";
import type { SessionRecord } from "../../handler/sessions/session-record";
import { sessionRulesContract } from "../contracts/session-rules-contract";

describe("the session rules, in memory", () => {
  sessionRulesContract(() => {
    const store = new InMemorySessionStore();
    return { store, forge: async (key, record) => void store.records.set(key, record as unknown as SessionRecord) };
  });
});
