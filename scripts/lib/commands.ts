/** What the operator commands (plan, deploy, destroy, doctor, test-alert, bootstrap-state) share: settings, AWS client configuration, flags. */
import { ListTopicsCommand, type SNSClient } from "@aws-sdk/client-sns";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../src/project-root";
import { loadSettings } from "../../src/settings/load-settings";
import type { Settings } from "../../src/settings/settings-schema";
import { readCdktfJsonContext } from "../../src/settings/cdktf-context";

export function commandSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  return loadSettings(readCdktfJsonContext(), env);
}

/**
 * AWS SDK client configuration for a Region, honouring the `awsEndpoint` setting exactly as the
 * synthesized providers do (every service to that endpoint, path-style S3). Credentials and
 * everything else come from the standard AWS SDK configuration.
 */
export function awsClientConfig(settings: Pick<Settings, "awsEndpoint">, region: string): { region: string; endpoint?: string; forcePathStyle?: boolean } {
  return settings.awsEndpoint ? { region, endpoint: settings.awsEndpoint, forcePathStyle: true } : { region };
}

/** Where the settings keep Terraform's state: `s3://bucket/key`. */
export function stateAddress(settings: Pick<Settings, "stateBucket" | "stateKey">): string {
  return `s3://${settings.stateBucket}/${settings.stateKey}`;
}

/** `--name value` from argv. */
export function flagValue(argv: readonly string[], name: string): string | undefined {
  const joined = argv.find((arg) => arg.startsWith(`${name}=`));
  if (joined !== undefined) return joined.slice(name.length + 1);
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
}

/**
 * The folder plan, deploy and destroy synthesize into and run Terraform in: `--output <folder>` (as
 * cdktf takes it), else CDKTF_OUTDIR (as the app reads it), else cdktf.out in the project.
 */
export function commandOutDir(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  const given = flagValue(argv, "--output") ?? env.CDKTF_OUTDIR;
  return given ? path.resolve(PROJECT_ROOT, given) : path.join(PROJECT_ROOT, "cdktf.out");
}

/** The ARN of the topic named `topicName` in the client's Region, or undefined. */
export async function findTopicArn(sns: SNSClient, topicName: string): Promise<string | undefined> {
  let NextToken: string | undefined;
  do {
    const page = await sns.send(new ListTopicsCommand({ NextToken }));
    const found = page.Topics?.find((topic) => topic.TopicArn?.endsWith(`:${topicName}`));
    if (found?.TopicArn) return found.TopicArn;
    NextToken = page.NextToken;
  } while (NextToken);
  return undefined;
}
