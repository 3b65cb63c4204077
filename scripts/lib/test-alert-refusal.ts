/**
 * What `npm run test-alert` says when it cannot put its test message on the buffer. The buffer's
 * policy lets only the monitor's function and the operator roles send (src/policies/monitor-only-access.ts):
 * anyone else is refused, and must be told in one line which setting names the roles that may.
 */
import { SETTINGS } from "../../src/settings/settings-schema";

export const NOT_AN_OPERATOR = `the buffer queue refused the test message: only the monitor's function and the roles in operatorRoleArns (${SETTINGS.operatorRoleArns.env}) may send to it; run test-alert as one of those roles`;

/** SQS's answers for a refused request (JSON protocol: AccessDeniedException; query protocol: AccessDenied). */
export const isAccessDenied = (error: unknown): boolean => error instanceof Error && /^AccessDenied(Exception)?$/.test(error.name);

/** SQS's answers for a queue that does not exist. */
export const isMissingQueue = (error: unknown): boolean => error instanceof Error && /^(AWS\.SimpleQueueService\.)?NonExistentQueue$|^QueueDoesNotExist$/.test(error.name);
