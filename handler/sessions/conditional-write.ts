/**
 * A DynamoDB write with a condition, where a failed condition is an answer rather than an error:
 * another invocation got there first, or the item is not as expected. The session table's rules
 * (session-store.ts) and the publish seconds (publish-slots.ts) are all built on it.
 */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";

/** Whether the error is DynamoDB refusing a write because its condition did not hold. */
const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException || (error as { name?: string }).name === "ConditionalCheckFailedException";

/** Runs the write; answers its output, or undefined when its condition did not hold. Any other error is thrown. */
export async function conditionalWrite<T>(write: () => Promise<T>): Promise<T | undefined> {
  try {
    return await write();
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}
