/**
 * The delivery's memory: open root sessions, the actions waiting for a session's next digest, the
 * publish slots that keep the topic under SNS's email limit, and the idempotency records that make
 * a duplicate delivery of an event publish nothing. On demand (root activity is rare and bursty),
 * encrypted, and every item expires by itself (TTL), so the table never grows.
 */
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import { SESSION_TABLE_KEYS } from "./names";

export interface SessionTableProps {
  readonly provider: AwsProvider;
  readonly name: string;
}

export class SessionTable extends Construct {
  public readonly table: DynamodbTable;

  constructor(scope: Construct, id: string, props: SessionTableProps) {
    super(scope, id);
    this.table = new DynamodbTable(this, "Table", {
      provider: props.provider,
      name: props.name,
      billingMode: "PAY_PER_REQUEST",
      hashKey: SESSION_TABLE_KEYS.partitionKey,
      rangeKey: SESSION_TABLE_KEYS.sortKey,
      attribute: [
        { name: SESSION_TABLE_KEYS.partitionKey, type: "S" },
        { name: SESSION_TABLE_KEYS.sortKey, type: "S" },
      ],
      ttl: { attributeName: SESSION_TABLE_KEYS.expiresAt, enabled: true },
      // With a KMS key of AWS's (aws/dynamodb) rather than the default owned key: its use shows in CloudTrail.
      serverSideEncryption: { enabled: true },
    });
  }
}
