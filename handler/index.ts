/**
 * Lambda entry point: wiring only. Clients and configuration are created once per execution
 * environment, at cold start; the SDK reads AWS_REGION, AWS_ENDPOINT_URL and credentials itself.
 */
import { IAMClient } from "@aws-sdk/client-iam";
import { SNSClient } from "@aws-sdk/client-sns";
import { createAccountAliasLookup } from "./account-alias";
import { createJsonLogger, errorFields } from "./logger";
import { RecentNotifications } from "./recent-notifications";
import { HANDLER_CONTRACT } from "../src/names";
import { requiredEnv } from "./required-env";
import { createRootActivityHandler } from "./root-activity-handler";

const topicArn = requiredEnv(HANDLER_CONTRACT.topicArnEnv);
const logger = createJsonLogger();

// The alias lookup is a nicety: bound it tightly so that a slow IAM endpoint cannot eat the time
// that the publish needs.
const iam = new IAMClient({ maxAttempts: 2, requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 } });
const sns = new SNSClient({});

export const handler = createRootActivityHandler({
  sns,
  topicArn,
  logger,
  recentNotifications: new RecentNotifications(),
  lookupAccountAlias: createAccountAliasLookup(iam, {
    onFailure: (error) => logger.warn("account alias lookup failed; using the account id", errorFields(error)),
  }),
});
