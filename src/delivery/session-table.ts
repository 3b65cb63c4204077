/**
 * The delivery's memory: open root sessions, the actions waiting for a session's next digest, the
 * publish slots that keep the topic under SNS's email limit, and the idempotency records that make
 * a duplicate delivery of an event publish nothing. On demand (root activity is rare and bursty),
 * encrypted, and every item expires by itself (TTL), so the table never grows.
 * Its resource policy lets nobody but the function read or write its items (monitor-only-access.ts):
 * a forged live session or a claimed publish second would otherwise silence or delay alerts, and
 * item writes are data events that a trail of management events does not record.
 */
import { DynamodbResourcePolicy } from "@cdktf/provider-aws/lib/dynamodb-resource-policy";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import { sessionTablePolicyStatements } from "../policies/monitor-only-access";
import { SESSION_TABLE_KEYS } from "../contract/names";

export interface SessionTableProps {
  readonly provider: AwsProvider;
  readonly name: string;
  /** The function's role: the only principal that may read or write the table's items. */
  readonly functionRoleArn: string;
}

export class SessionTable extends Construct {
  public readonly table: DynamodbTable;
  public readonly policy: DynamodbResourcePolicy;

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
    // A resource of its own: aws_dynamodb_table takes no resource policy (provider 5.100).
    this.policy = new DynamodbResourcePolicy(this, "Policy", {
      provider: props.provider,
      resourceArn: this.table.arn,
      policy: JSON.stringify({ Version: "2012-10-17", Statement: sessionTablePolicyStatements(this.table.arn, props.functionRoleArn) }),
    });
  }
}
