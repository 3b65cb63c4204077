/**
 * Where the session rules keep their items in the delivery's DynamoDB table, and how long: a
 * session's record at `session#<key>` / `session`, its pending actions at `pending#<key>` / their
 * pendingSortKey. Every item expires.
 */
import { SESSION_TABLE_KEYS } from "../../src/contract/names";

export const { partitionKey: PK, sortKey: SK, expiresAt: EXPIRES_AT } = SESSION_TABLE_KEYS;

/** Items outlive any session and digest by a day, so that nothing is swept away while in use. */
const KEEP_SECONDS = 86_400;

export const sessionItemKey = (key: string): Record<string, string> => ({ [PK]: `session#${key}`, [SK]: "session" });

export const pendingPartition = (key: string): string => `pending#${key}`;

export const pendingItemKey = (key: string, sortKey: string): Record<string, string> => ({ [PK]: pendingPartition(key), [SK]: sortKey });

/** The expiry (epoch seconds) of an item written at `nowMs`. */
export const expiry = (nowMs: number): number => Math.floor(nowMs / 1000) + KEEP_SECONDS;
