/**
 * Once-only work: the work for a key runs at most once across every delivery of it, to every
 * execution environment, and a repeat answers the first run's result. The deployed function keeps
 * its marks in the delivery's table through Powertools' idempotency utility (createTableOnce); the
 * handler's unit tests keep them in memory (in-memory-once.ts) by the same rules, checked by one
 * contract (__tests__/contracts/run-once-contract.ts): a completed key answers its first result, a
 * failed run leaves no mark, and a key whose work is running refuses another run
 * (IdempotencyAlreadyInProgressError, so that the message is retried).
 */
import { IdempotencyConfig, makeIdempotent } from "@aws-lambda-powertools/idempotency";
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SESSION_TABLE_KEYS } from "../../src/contract/names";

export type RunOnce = <R extends Record<string, unknown>>(key: string, work: () => Promise<R>) => Promise<R>;

/** A mark outlives any delivery of its message, retries and deferrals included. */
const MARK_SECONDS = 86_400;

/** Once-only work on the table's idempotency records; `config` takes each invocation's Lambda context (registerLambdaContext). */
export function createTableOnce(client: DynamoDBClient, tableName: string): { readonly once: RunOnce; readonly config: IdempotencyConfig } {
  const config = new IdempotencyConfig({ eventKeyJmesPath: "key", expiresAfterSeconds: MARK_SECONDS });
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName,
    awsSdkV3Client: client,
    keyAttr: SESSION_TABLE_KEYS.partitionKey,
    sortKeyAttr: SESSION_TABLE_KEYS.sortKey,
    staticPkValue: "idempotency",
    expiryAttr: SESSION_TABLE_KEYS.expiresAt,
  });
  const runOnce = makeIdempotent(async ({ work }: { key: string; work: () => Promise<Record<string, unknown>> }) => work(), { persistenceStore, config });
  return { once: <R extends Record<string, unknown>>(key: string, work: () => Promise<R>) => runOnce({ key, work }) as Promise<R>, config };
}
