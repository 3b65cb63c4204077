/**
 * The session rules (handler/sessions/session-rules.ts) as one contract, defined once and run against
 * both stores: the in-memory one in a unit test (in-memory-session-store.test.ts) and the DynamoDB
 * table on the emulator (e2e/session-store-on-emulator.test.ts). Expected values are written out
 * (session-contract-fixtures.ts and the tests), never taken from the code under test. Each test uses
 * session keys of its own, so that one table can serve every test.
 */
import { pendingActionsContract, placesContract } from "./session-contract-actions";
import type { ContractStore } from "./session-contract-fixtures";
import { digestTriggersContract, sessionsContract, tamperingContract } from "./session-contract-sessions";

/** Defines the contract's tests for the store `setup` gives (called before each test). */
export function sessionRulesContract(setup: () => Promise<ContractStore> | ContractStore): void {
  let current: ContractStore;
  beforeEach(async () => {
    current = await setup();
  });
  const store = () => current;
  sessionsContract(store);
  digestTriggersContract(store);
  tamperingContract(store);
  pendingActionsContract(store);
  placesContract(store);
}
