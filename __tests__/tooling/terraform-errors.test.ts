/**
 * Terraform's errors that the commands tell in the project's words. Each input is what Terraform
 * 1.11 with the AWS provider 5.100 printed through `npm run plan` on the emulator
 * (__tests__/fixtures/terraform-errors/).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { explainTerraformError } from "../../scripts/lib/terraform-errors";

const fixture = (name: string) => readFileSync(path.join(__dirname, "..", "fixtures", "terraform-errors", `${name}.txt`), "utf8");

const CREDENTIALS_MESSAGE = [
  "no AWS credentials: Terraform found none in the environment, in a profile or from the machine's role (EC2 instance metadata).",
  "It needs AWS credentials for the monitored account. Give them in one of the standard ways:",
  "  - a profile: export AWS_PROFILE=<name> (after `aws sso login --profile <name>` for IAM Identity Center)",
  "  - environment variables: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary ones)",
  "  - a role of the machine it runs on (EC2 instance profile, ECS task role, GitHub OIDC in CI)",
].join("\n");

describe("explainTerraformError", () => {
  it.each(["no-credentials-imds-disabled", "no-credentials-imds-unreachable"])("tells the S3 backend's missing credentials (%s) as the ways to give some", (name) => {
    expect(explainTerraformError(fixture(name))).toBe(CREDENTIALS_MESSAGE);
  });

  it("tells the provider's missing credentials the same way", () => {
    const output = "\nError: No valid credential sources for Terraform AWS Provider found.\n\nPlease see https://registry.terraform.io/providers/hashicorp/aws\n";
    expect(explainTerraformError(output)).toBe(CREDENTIALS_MESSAGE);
  });

  it("tells organization scope in an account of no organization, and what to do", () => {
    expect(explainTerraformError(fixture("organization-not-in-use"))).toBe(
      "scope is organization, but this account is in no AWS Organization (Organizations answered that none is in use for it). " +
        "To monitor this account alone, set scope back to account (scope in cdktf.json, or ROOT_MONITOR_SCOPE=account); " +
        "to monitor an organization, run this with credentials of its management account.",
    );
  });

  it("tells scope = organization from an account that is not the management account in one message, unwrapped, naming the setting", () => {
    expect(explainTerraformError(fixture("not-management-account"))).toBe(
      "scope is organization, but this account is not its organization's management account: only the management account can deploy the spokes' stack set to member accounts. " +
        "Run with credentials of the management account, or set scope to account to monitor this account alone. (ROOT_MONITOR_SCOPE or scope in cdktf.json)",
    );
  });

  it("tells a Region removed with resources still in the state in one line, naming the setting and the Region once", () => {
    expect(explainTerraformError(fixture("provider-configuration-not-present"))).toBe(
      'a Region was removed from "regions" while it still has resources (eu-west-1): set ROOT_MONITOR_RETIRED_REGIONS=eu-west-1 (or retiredRegions in cdktf.json) for the plan and apply that destroy them, then clear it.',
    );
  });

  it("keeps the Regions already retired in the suggested setting", () => {
    expect(explainTerraformError(fixture("provider-configuration-not-present"), { retiredRegions: ["ap-south-1"] })).toContain("set ROOT_MONITOR_RETIRED_REGIONS=ap-south-1,eu-west-1 (or");
  });

  it("names every removed Region once", () => {
    const twoRegions = fixture("provider-configuration-not-present") + fixture("provider-configuration-not-present").replaceAll("eu-west-1", "sa-east-1");
    expect(explainTerraformError(twoRegions)).toContain("still has resources (eu-west-1, sa-east-1): set ROOT_MONITOR_RETIRED_REGIONS=eu-west-1,sa-east-1 (or");
  });

  it("tells a changed backend configuration, which npm run plan did not settle itself, with the two ways on", () => {
    expect(explainTerraformError(fixture("backend-changed"), { command: "npm run plan" })).toBe(
      "the state backend's configuration differs from the one this stack folder was last initialised with (Terraform: Backend configuration changed); no state was moved. " +
        "Run npm run plan -- --reconfigure to use the configuration as synthesized, leaving any other state untouched, or npm run plan -- --migrate-state to copy the state there.",
    );
  });

  it("tells a chat channel configuration the chat service refused, keeping the service's words and the way on", () => {
    // The shape of the AWS provider 5.100's create error (internal/service/chatbot): its summary, the resource, then the SDK's
    // error. The service's words here are a stand-in: its documentation does not give the text it returns for a workspace
    // that is not authorized, which is why the message keeps whatever the service said.
    const output = [
      "",
      "Error: creating Chatbot Slack Channel Configuration (T07ABCDEF12)",
      "",
      '  with aws_chatbot_slack_channel_configuration.chat-channels_slack-6098081883ef_5A27EE27,',
      '  on cdk.tf.json line 120, in resource "aws_chatbot_slack_channel_configuration" "chat-channels_slack-6098081883ef_5A27EE27":',
      "",
      "operation error chatbot: CreateSlackChannelConfiguration, https response error StatusCode: 400, RequestID: 0f6b, InvalidRequestException: Invalid request provided: the workspace is not authorized",
      "",
    ].join("\n");
    expect(explainTerraformError(output)).toBe(
      "Amazon Q Developer in chat applications refused the Slack channel configuration for Slack workspace T07ABCDEF12 (InvalidRequestException: Invalid request provided: the workspace is not authorized). " +
        "The rest of the monitor was applied and email alerts are unaffected. " +
        "If the Slack workspace is not yet authorized, authorize it once in the Amazon Q Developer in chat applications console (docs/chat.md), then run npm run deploy again.",
    );
    expect(explainTerraformError("\nError: creating Chatbot Teams Channel Configuration (5a5e1bd5-4d6c-4f7e-9a0b-1c2d3e4f5a6b)\n\nsomething else\n")).toBe(
      "Amazon Q Developer in chat applications refused the Teams channel configuration for Microsoft Teams team 5a5e1bd5-4d6c-4f7e-9a0b-1c2d3e4f5a6b. " +
        "The rest of the monitor was applied and email alerts are unaffected. " +
        "If the Microsoft Teams team is not yet authorized, authorize it once in the Amazon Q Developer in chat applications console (docs/chat.md), then run npm run deploy again.",
    );
  });

  it("leaves an error it does not know to Terraform's own words", () => {
    expect(explainTerraformError("\nError: creating SNS Topic (x): AuthorizationError\n")).toBeUndefined();
  });
});
