/**
 * A place claim (session-places.ts) as one conditional DynamoDB update of the session's record:
 * `ADD` to the string sets, on condition that the record still names the same first event, that a
 * told value is still not in its set and that a begun set still does not exist. DynamoDB applies
 * updates of one item one at a time, so of two invocations claiming the same new place one wins. Pure.
 */
import type { UpdateCommandInput } from "@aws-sdk/lib-dynamodb";
import { SESSION_TABLE_KEYS } from "../../src/contract/names";
import { SET_OF, type PlaceClaim } from "./session-places";

const { partitionKey: PK } = SESSION_TABLE_KEYS;

export function placeClaimUpdate(tableName: string, key: Record<string, string>, claim: PlaceClaim): UpdateCommandInput {
  const { tell, begin, place } = claim;
  const names: Record<string, string> = { "#pk": PK };
  const values: Record<string, unknown> = { ":first": claim.firstEventId };
  const adds: string[] = [];
  const conditions = ["attribute_exists(#pk)", "firstEventId = :first"];
  for (const dimension of [...tell, ...begin]) {
    names[`#${dimension}`] = SET_OF[dimension];
    values[`:${dimension}`] = new Set([place[dimension]]);
    adds.push(`#${dimension} :${dimension}`);
    if (tell.includes(dimension)) values[`:${dimension}Value`] = place[dimension];
    conditions.push(tell.includes(dimension) ? `NOT contains(#${dimension}, :${dimension}Value)` : `attribute_not_exists(#${dimension})`);
  }
  if (claim.claims.length > 0) {
    adds.push("placeClaims :claims");
    values[":claims"] = new Set(claim.claims);
  }
  return {
    TableName: tableName,
    Key: key,
    UpdateExpression: `ADD ${adds.join(", ")}`,
    ConditionExpression: conditions.join(" AND "),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}
