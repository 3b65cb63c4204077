/**
 * Issue 20, item 10: a digest's JSON copy carries the actions' own fields, never the session table's
 * keys (`pk`, `sk`, `expiresAt`), its bookkeeping (`sentIn`) or the handler's sort key.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { buildDigest } from "../../handler/messages/digest";
import { SessionStore } from "../../handler/sessions/session-store";
import type { PendingAction } from "../../handler/sessions/session-record";

const documents = mockClient(DynamoDBDocumentClient);
const store = new SessionStore(DynamoDBDocumentClient.from(new DynamoDBClient({})), "root-activity-monitor-sessions");
const KEY = "111122223333:key:0123456789abcdef";

const ACTION: PendingAction = {
  eventId: "7a1c2e3f-4b5d-4e6f-8a9b-0c1d2e3f4a51",
  eventName: "ListBuckets",
  eventSource: "s3.amazonaws.com",
  eventTime: "2026-11-20T07:41:00Z",
  region: "us-east-1",
  sourceIp: "198.51.100.7",
  failed: true,
  errorCode: "AccessDenied",
  severity: "low",
};

/** The item as the table holds it (pending-action-table.ts addPending). */
const ITEM = { pk: `pending#${KEY}`, sk: `2026-11-20T07:41:00Z#${ACTION.eventId}`, ...ACTION, expiresAt: 1_795_000_000 };

describe("the actions waiting for a digest", () => {
  beforeEach(() => documents.reset());

  it("are read with their own fields and the sort key, and none of the table's keys", async () => {
    documents.on(QueryCommand).resolves({ Items: [ITEM] });
    expect(await store.pending(KEY)).toEqual([{ ...ACTION, sortKey: ITEM.sk }]);
  });

  it("reach the digest's JSON copy without the table's keys or the sort key", async () => {
    documents.on(QueryCommand).resolves({ Items: [ITEM] });
    const request = buildDigest({
      topicArn: "arn:aws:sns:us-east-1:111122223333:root-activity-monitor",
      session: { key: KEY, label: "access key ASIAEXAMPLE1", accountId: "111122223333", accessKeyId: "ASIAEXAMPLE1" },
      actions: await store.pending(KEY),
      firstSeen: Date.parse("2026-11-20T07:40:00Z"),
      lastSeen: Date.parse("2026-11-20T07:41:00Z"),
    });
    const json = JSON.parse(JSON.parse(request.Message as string).default);
    expect(json.actions).toEqual([ACTION]);
    expect(JSON.parse(request.Message as string).default).not.toMatch(/"(pk|sk|expiresAt|sortKey|sentIn)"/);
  });

  it("never carry a sort key handed to the digest with them", () => {
    const request = buildDigest({
      topicArn: "arn:aws:sns:us-east-1:111122223333:root-activity-monitor",
      session: { key: KEY, label: "access key ASIAEXAMPLE1", accountId: "111122223333" },
      actions: [{ ...ACTION, sortKey: ITEM.sk } as PendingAction],
      firstSeen: Date.parse("2026-11-20T07:40:00Z"),
      lastSeen: Date.parse("2026-11-20T07:41:00Z"),
    });
    expect(JSON.parse(JSON.parse(request.Message as string).default).actions).toEqual([ACTION]);
  });
});
