/**
 * What the function sends when it finds publish-second claims it cannot have made (claims further
 * ahead than any of its own, publish-slots.ts): a critical message saying that someone else wrote
 * the monitor's table, which is how alerts are held back. It quotes nothing from the items (their
 * content is the writer's), only how many there are and where. Pure.
 */
import type { PublishCommandInput } from "@aws-sdk/client-sns";
import { displayText } from "./display-text";
import { envelope, stringAttribute } from "./envelope";
import { MACHINE_MESSAGE_SCHEMA } from "./notification";
import { HONEST_HORIZON_SECONDS } from "../publishing/publish-slots";
import { CRITICAL_SUBJECT_PREFIX } from "./subject";

interface SlotTamperingInput {
  readonly topicArn: string;
  readonly tableName: string;
  /** The claims' partition key (`publish-slot#<topic>`). */
  readonly partitionKey: string;
  /** How many claims were found beyond the horizon (the count stops at the query's limit). */
  readonly claims: number;
  readonly limit: number;
  /** When they were found, epoch milliseconds. */
  readonly foundAt: number;
}

export const SLOT_TAMPERING_SUBJECT = `${CRITICAL_SUBJECT_PREFIX}Root activity monitor: someone else wrote its publish seconds`;

export function buildSlotTamperingMessage(input: SlotTamperingInput): PublishCommandInput {
  const found = input.claims >= input.limit ? `${input.limit} or more` : String(input.claims);
  const topicAccount = input.topicArn.split(":")[4] ?? "";
  const text = [
    `The root activity monitor found ${found} publish-second claim(s) in its table ${displayText(input.tableName, 300)} for seconds more than ${HONEST_HORIZON_SECONDS} s ahead.`,
    "The monitor never claims a second that far ahead: someone else wrote these items. Claims of publish seconds are how the monitor keeps its topic under SNS's rate limit, so forged claims are a way to hold alerts back.",
    "The monitor does not wait for claims that far ahead, so these hold nothing back; but whoever wrote them can write the table, and may have written nearer claims or sessions too.",
    "",
    "WHAT TO DO",
    `1. Find who wrote the table: CloudTrail data events for DynamoDB (PutItem, BatchWriteItem) on ${displayText(input.tableName, 300)}, if a trail records them, or the principals whose policies allow writing it.`,
    `2. Delete the items whose partition key is ${displayText(input.partitionKey, 400)}; the monitor makes new ones as it needs them.`,
    "3. Make sure the table's resource policy lets no one but the monitor's function write it (npm run deploy applies it; npm run doctor checks it).",
    "",
    `Found at ${new Date(input.foundAt).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC")}. This message is sent at most once an hour while such claims remain.`,
  ].join("\n");
  const json = {
    schema: MACHINE_MESSAGE_SCHEMA,
    kind: "tampering",
    severity: "critical",
    tampering: { what: "publish-second claims beyond the honest horizon", table: input.tableName, partitionKey: input.partitionKey, claims: input.claims, horizonSeconds: HONEST_HORIZON_SECONDS },
    foundAt: new Date(input.foundAt).toISOString(),
  };
  const attributes = {
    messageKind: stringAttribute("tampering"),
    severity: stringAttribute("critical"),
    ...(/^\d{12}$/.test(topicAccount) ? { accountId: stringAttribute(topicAccount) } : {}),
  };
  return envelope({ topicArn: input.topicArn, subject: SLOT_TAMPERING_SUBJECT, attributes, email: text, machineCopy: json });
}
