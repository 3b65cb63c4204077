/**
 * Once-only work (run-once.ts) kept in memory, by the rules Powertools keeps it in the table: a
 * completed key answers its first result (a stored copy), a failed run leaves no mark, a key whose
 * work is running refuses another run, and a result the table cannot hold (an undefined value, a
 * class instance such as a Date) fails the run after its work is done and leaves the key in
 * progress. For the unit tests and the README's timeline; never imported by the function (index.ts).
 */
import { IdempotencyAlreadyInProgressError, IdempotencyPersistenceLayerError } from "@aws-lambda-powertools/idempotency";
import type { RunOnce } from "./run-once";

/** Whether DynamoDB's marshalling (as Powertools calls it: no options) takes the value: plain data only. */
function storable(value: unknown): boolean {
  if (value === null || ["string", "number", "boolean"].includes(typeof value)) return true;
  if (Array.isArray(value)) return value.every(storable);
  if (typeof value !== "object") return false;
  const prototype = Object.getPrototypeOf(value);
  return (prototype === Object.prototype || prototype === null) && Object.values(value as object).every(storable);
}

export function inMemoryOnce(): RunOnce {
  const done = new Map<string, Record<string, unknown>>();
  const running = new Set<string>();
  return async <R extends Record<string, unknown>>(key: string, work: () => Promise<R>): Promise<R> => {
    const stored = done.get(key);
    if (stored !== undefined) return structuredClone(stored) as R;
    if (running.has(key)) throw new IdempotencyAlreadyInProgressError(`There is already an execution in progress with idempotency key: ${key}`);
    running.add(key);
    let result: R;
    try {
      result = await work();
    } catch (error) {
      running.delete(key);
      throw error;
    }
    // As the table's: the in-progress mark stays when the result cannot be stored.
    if (!storable(result)) throw new IdempotencyPersistenceLayerError("Failed to update success record to idempotency store");
    done.set(key, structuredClone(result));
    running.delete(key);
    return result;
  };
}
