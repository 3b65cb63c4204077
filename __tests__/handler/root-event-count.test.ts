import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { RootEventCounts } from "../../handler/sessions/root-event-count";

const documents = mockClient(DynamoDBDocumentClient);
const counts = new RootEventCounts(DynamoDBDocumentClient.from(new DynamoDBClient({})), "root-activity-monitor-sessions");
const NOW = Date.parse("2026-11-23T08:00:00Z");

describe("RootEventCounts", () => {
  beforeEach(() => documents.reset());

  it("adds one to the day's counter, which expires after the week it is counted in", async () => {
    await counts.add(NOW);
    expect(documents.commandCalls(UpdateCommand)[0].args[0].input).toEqual({
      TableName: "root-activity-monitor-sessions",
      Key: { pk: "root-event-count", sk: "2026-11-23" },
      UpdateExpression: "ADD #count :one SET #exp = :exp",
      ExpressionAttributeNames: { "#count": "count", "#exp": "expiresAt" },
      ExpressionAttributeValues: { ":one": 1, ":exp": NOW / 1000 + 9 * 86_400 },
    });
  });

  it("sums the last 7 days' counters, today included", async () => {
    documents.on(QueryCommand).resolves({ Items: [{ count: 2 }, { count: 3 }] });
    expect(await counts.lastWeek(NOW)).toBe(5);
    expect(documents.commandCalls(QueryCommand)[0].args[0].input).toMatchObject({ ExpressionAttributeValues: { ":pk": "root-event-count", ":from": "2026-11-17" }, ConsistentRead: true });
  });
});
