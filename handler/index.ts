/**
 * Lambda entry point: wiring only. The function consumes batches from its buffer queue (Lambda's
 * SQS event source mapping) and reports each message that failed, so that only those are retried
 * (Powertools batch); the daily self-check comes the same way. Clients and configuration are
 * created once per execution environment, at cold start (the self-check's clients of other Regions
 * when first needed); the SDK reads AWS_REGION, AWS_ENDPOINT_URL and credentials itself.
 */
import { BatchProcessor, EventType, FullBatchFailureError, processPartialResponse } from "@aws-lambda-powertools/batch";
import { Logger } from "@aws-lambda-powertools/logger";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { IAMClient } from "@aws-sdk/client-iam";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { SNSClient } from "@aws-sdk/client-sns";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { readFunctionEnvironment } from "../src/contract/function-environment";
import { PRODUCT_NAME } from "../src/contract/names";
import { createAccountAliasLookup } from "./messages/account-alias";
import { createAccountNameLookup } from "./messages/account-name";
import { organizationsRegionOf } from "../src/contract/regions";
import { digestTriggerBody } from "./delivery/buffered-message";
import { createDeliveryHandler } from "./delivery/delivery-handler";
import { createInFlightCheck } from "./delivery/in-flight-check";
import { countedSelfCheck, HeartbeatMetrics } from "./publishing/heartbeat-metrics";
import { errorFields } from "./logger";
import { PublishSlots } from "./publishing/publish-slots";
import { RootEventCounts } from "./sessions/root-event-count";
import { createTableOnce } from "./sessions/run-once";
import type { RegionClients } from "./self-check/check-region";
import { arnParts } from "./self-check/finding";
import { createSelfCheck } from "./self-check/scheduled-run";
import { createPostureReader } from "./posture/posture-reader";
import { SessionStore } from "./sessions/session-store";
import { createSlotWatch } from "./publishing/slot-tampering";
import { criticalFirst } from "./delivery/critical-first";

// Every variable the deployment sets, read once with the schema that wrote them (src/contract/function-environment.ts).
const { topicArn, sessionTable: tableName, bufferQueueUrl, digestIntervalSeconds, sessionQuietSeconds, selfCheck: selfCheckPlan, centralizedRootAccess, organizationId, chatTopicArn } =
  readFunctionEnvironment(process.env);

// Structured JSON, one line per decision, with the request id and cold start in every line.
const logger = new Logger({ serviceName: PRODUCT_NAME });
// Every run and completed self-check counted, for the alarm that notices when they stop.
const heartbeat = new HeartbeatMetrics();

// The alias lookup is a nicety: bound it tightly so that a slow IAM endpoint cannot eat the time
// that the publish needs.
const iam = new IAMClient({ maxAttempts: 2, requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 } });
const sns = new SNSClient({});
const sqs = new SQSClient({});
const dynamodb = new DynamoDBClient({});
const documents = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
const rootEventCounts = new RootEventCounts(documents, tableName);

// The self-check reads every watched Region: clients per Region, made when first needed, bounded so
// that one slow Region cannot eat the time the messages need.
const checkClientConfig = (region: string) => ({ region, maxAttempts: 3, requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000 } });
const regionClients = new Map<string, RegionClients>();
const clientsIn = (region: string): RegionClients => {
  let clients = regionClients.get(region);
  if (!clients) {
    const config = checkClientConfig(region);
    clients = { cloudtrail: new CloudTrailClient(config), events: new EventBridgeClient(config), sqs: new SQSClient(config), sns: new SNSClient(config) };
    regionClients.set(region, clients);
  }
  return clients;
};

// Once-only work on the table's idempotency records (Powertools), for every delivery of a key.
const { once: runOnceFor, config: idempotencyConfig } = createTableOnce(dynamodb, tableName);

const lookupAccountAlias = createAccountAliasLookup(iam, {
  onFailure: (error) => logger.warn("account alias lookup failed; using the account id", errorFields(error)),
});
// Organizations has one endpoint per partition, whichever Region the hub is in. Names are a nicety,
// bounded tightly; the self-check's listings get the self-check's bounds.
const topic = arnParts(topicArn);
const organizationsRegion = organizationsRegionOf(topic.partition);
const lookupAccountName = createAccountNameLookup(
  {
    ownAlias: lookupAccountAlias,
    ...(organizationId
      ? {
          organization: {
            client: new OrganizationsClient({ region: organizationsRegion, maxAttempts: 2, requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 } }),
            ownAccountId: topic.account,
          },
        }
      : {}),
  },
  { onFailure: (error, accountId) => logger.warn("account name lookup failed; using the alias or the id", { accountId, ...errorFields(error) }) },
);

const slots = new PublishSlots(documents, tableName, topicArn);

// The root posture beside every alert (posture-reader.ts): its own client, one attempt, bounded by
// the reader's deadline (1.5 s), so that neither a retry nor a slow endpoint outlasts it. The hub's
// account is its topic's; the organization's root access features are read in organization scope.
const readRootPosture = createPostureReader(new IAMClient({ maxAttempts: 1, requestHandler: { connectionTimeout: 1_000, requestTimeout: 1_500 } }), {
  accountId: topic.account,
  organization: organizationId !== undefined,
  onFailure: (call, reason) => logger.warn("root posture not read; the messages say unknown", { call, reason }),
});

const handleRecord = createDeliveryHandler({
  // Records handed to the function directly, not by its event source mapping, are told as possible forgeries.
  inFlight: createInFlightCheck(sqs, bufferQueueUrl),
  topicArn,
  sns,
  sessions: new SessionStore(documents, tableName),
  slots,
  // A record that found no publish second in time goes back on the buffer, delayed (deferral.ts).
  defer: async (copy) => {
    await sqs.send(new SendMessageCommand({ QueueUrl: bufferQueueUrl, MessageBody: copy.body, DelaySeconds: copy.delaySeconds, MessageAttributes: copy.attributes }));
  },
  slotWatch: createSlotWatch({ slots, topicArn, tableName, once: runOnceFor, logger }),
  scheduleDigest: async (sessionKey, delaySeconds, chain) => {
    await sqs.send(new SendMessageCommand({ QueueUrl: bufferQueueUrl, MessageBody: digestTriggerBody(sessionKey, chain), DelaySeconds: delaySeconds }));
  },
  lookupAccountName,
  readRootPosture,
  ...(organizationId ? { organizationId } : {}),
  // With chat channels, a chat copy of every message, on the chat topic; a copy that fails is logged and counted.
  ...(chatTopicArn ? { chatTopicArn, countChatCopyFailure: () => heartbeat.chatCopyFailed() } : {}),
  centralizedRootAccess,
  logger,
  digestIntervalSeconds,
  sessionQuietSeconds,
  once: runOnceFor,
  countRootEvent: (nowMs) => rootEventCounts.add(nowMs),
  selfCheck: countedSelfCheck(createSelfCheck({
    plan: selfCheckPlan,
    topicArn,
    clientsIn,
    ...(selfCheckPlan.organization
      ? {
          organizationClients: {
            cloudformation: new CloudFormationClient(checkClientConfig(selfCheckPlan.delivery.region)),
            organizations: new OrganizationsClient(checkClientConfig(organizationsRegion)),
          },
        }
      : {}),
    rootEventsLastWeek: (nowMs) => rootEventCounts.lastWeek(nowMs),
    lookupAccountAlias,
    logger,
    once: runOnceFor,
    // Lambda sets it; run by hand, the messages say "the log group of the function".
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
  }), heartbeat),
});

const processor = new BatchProcessor(EventType.SQS);

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  logger.addContext(context);
  heartbeat.batchRun(context.functionName);
  idempotencyConfig.registerLambdaContext(context);
  // Critical root events first (critical-first.ts), then the rest; each group's messages at once: the
  // table's conditional writes keep sessions right (exactly one action opens a session; every later
  // one is kept once), and publishes still wait for slots of their own.
  const failures: SQSBatchResponse["batchItemFailures"] = [];
  const errors: Error[] = [];
  for (const records of criticalFirst(event.Records)) {
    if (records.length === 0) continue;
    const response = await processPartialResponse({ Records: records }, (record: SQSRecord) => handleRecord(record, context.getRemainingTimeInMillis()), processor, {
      context,
      processInParallel: true,
      // A group that fails whole is reported like any other failure: the batch's other group may have succeeded.
      throwOnFullBatchFailure: false,
    });
    failures.push(...response.batchItemFailures);
    errors.push(...processor.errors);
  }
  // As one group would: when every message failed, the invocation fails (the function-errors alarm).
  if (event.Records.length > 0 && failures.length === event.Records.length) throw new FullBatchFailureError(errors);
  return { batchItemFailures: failures };
};
