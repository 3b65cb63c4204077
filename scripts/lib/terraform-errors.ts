/**
 * The project's own words for the Terraform errors a person meets through its commands, in place of
 * Terraform's: what happened in this project's terms, the setting involved, and what to do. Pure:
 * the commands hand in what Terraform printed. Errors not listed here are shown as Terraform wrote them.
 */
import { SETTINGS } from "../../src/settings/settings-schema";
import { NOT_MANAGEMENT_ACCOUNT } from "../../src/contract/monitor-scope";
import { CREDENTIALS_HELP } from "./run-command";
import type { TerraformResult } from "./terraform-result";

/** What the commands know that Terraform's text does not. */
export interface TerraformErrorContext {
  /** The retiredRegions setting as it is now, so that a suggestion keeps the Regions already in it. */
  readonly retiredRegions?: readonly string[];
  /** How a person runs the command (`npm run plan`), for the ways on that it names. */
  readonly command?: string;
  /** A command's own explanations (destroy's full log bucket, say), tried before these. */
  readonly alsoExplain?: (output: string) => string | undefined;
}

/** How much of Terraform's own text a failure shows when the project cannot explain it. */
const TERRAFORM_TEXT_LIMIT = 8_000;

/**
 * Terraform found no credentials: the S3 backend at init ("No valid credential sources found", with
 * the EC2 instance metadata (IMDS) lookup that failed last), or the provider at plan ("No valid
 * credential sources for Terraform AWS Provider found").
 */
const NO_CREDENTIALS = /No valid credential sources (?:found|for Terraform AWS Provider found)/;

/**
 * scope = organization reads the organization (data "aws_organizations_organization", Organizations
 * DescribeOrganization). The provider turns AWSOrganizationsNotInUseException, the answer for an
 * account in no organization, into "couldn't find resource". A member account may describe its
 * organization, so this error means no organization at all.
 */
const NOT_IN_ORGANIZATION = /reading Organizations Organization: couldn't find resource/;

/** The stack's own postcondition failed; Terraform wraps its message at 78 columns, so it is compared with spaces made one. */
const oneSpaced = (text: string) => text.replace(/\s+/g, " ");

/** terraform init found the backend configuration changed since the folder's last init. */
const BACKEND_CHANGED = /Error: Backend configuration changed/;

/**
 * A Region's provider was removed with resources still in the state: Terraform prints one
 * "Provider configuration not present" block per resource (hundreds for a Region), each naming the
 * provider, `provider["registry.terraform.io/hashicorp/aws"].<region>`.
 */
const PROVIDER_NOT_PRESENT = /Error: Provider configuration not present\n[\s\S]*?provider\["registry\.terraform\.io\/hashicorp\/aws"\]\.([a-z0-9-]+)/g;

/**
 * Amazon Q Developer in chat applications refused a channel configuration at apply: the AWS
 * provider's "creating Chatbot Slack Channel Configuration (<id>)" (or Teams), then the service's
 * error. Most often the workspace or team was never authorized in the service's console, a step no
 * API can take; the service's own words are kept, since they may say something else (a channel
 * already configured in the account).
 */
const CHAT_CONFIGURATION_REFUSED = /Error: creating Chatbot (Slack|Teams) Channel Configuration \(([^)\n]*)\)/;
const SERVICE_EXCEPTION = /(\w+Exception): ([^\n]+)/;

function chatConfigurationRefused(output: string, command: string): string | undefined {
  const refused = CHAT_CONFIGURATION_REFUSED.exec(output);
  if (refused === null) return undefined;
  const [, kind, id] = refused;
  const where = kind === "Slack" ? "Slack workspace" : "Microsoft Teams team";
  const said = SERVICE_EXCEPTION.exec(output.slice(refused.index));
  return (
    `Amazon Q Developer in chat applications refused the ${kind} channel configuration for ${where} ${id}${said ? ` (${said[1]}: ${said[2].trim()})` : ""}. ` +
    "The rest of the monitor was applied and email alerts are unaffected. " +
    `If the ${where} is not yet authorized, authorize it once in the Amazon Q Developer in chat applications console (docs/chat.md), then run ${command} again.`
  );
}

function removedRegions(output: string): string[] {
  return [...new Set([...output.matchAll(PROVIDER_NOT_PRESENT)].map((match) => match[1]))];
}

/**
 * The message for what Terraform printed (its stderr, or stdout where it wrote there), or undefined
 * when it is none the project explains. With several, the one to act on first: without credentials
 * nothing else can be checked.
 */
export function explainTerraformError(output: string, context: TerraformErrorContext = {}): string | undefined {
  const own = context.alsoExplain?.(output);
  if (own !== undefined) return own;
  if (NO_CREDENTIALS.test(output)) {
    return `no AWS credentials: Terraform found none in the environment, in a profile or from the machine's role (EC2 instance metadata).\n${CREDENTIALS_HELP}`;
  }
  if (NOT_IN_ORGANIZATION.test(output)) {
    return (
      "scope is organization, but this account is in no AWS Organization (Organizations answered that none is in use for it). " +
      `To monitor this account alone, set scope back to account (scope in cdktf.json, or ${SETTINGS.scope.env}=account); ` +
      "to monitor an organization, run this with credentials of its management account."
    );
  }
  if (/Error: Resource postcondition failed/.test(output) && oneSpaced(output).includes(NOT_MANAGEMENT_ACCOUNT)) {
    return `${NOT_MANAGEMENT_ACCOUNT} (${SETTINGS.scope.env} or scope in cdktf.json)`;
  }
  if (BACKEND_CHANGED.test(output)) {
    const again = context.command ?? "the command again";
    // Found here only where lib/settle-backend.ts saw no change of the settings' own (a backend setting given to terraform init by hand).
    return (
      "the state backend's configuration differs from the one this stack folder was last initialised with (Terraform: Backend configuration changed); no state was moved. " +
      `Run ${again} -- --reconfigure to use the configuration as synthesized, leaving any other state untouched, or ${again} -- --migrate-state to copy the state there.`
    );
  }
  const chat = chatConfigurationRefused(output, context.command ?? "npm run deploy");
  if (chat !== undefined) return chat;
  const removed = removedRegions(output);
  if (removed.length > 0) {
    const retired = [...new Set([...(context.retiredRegions ?? []), ...removed])];
    return (
      `a Region was removed from "regions" while it still has resources (${removed.join(", ")}): ` +
      `set ${SETTINGS.retiredRegions.env}=${retired.join(",")} (or retiredRegions in cdktf.json) for the plan and apply that destroy them, then clear it.`
    );
  }
  return undefined;
}

/**
 * What a person reads when `terraform <args>` failed with `result`: the project's words where it has
 * some, else Terraform's own text, cut to a length a terminal and a CI log still show whole.
 */
export function terraformFailure(args: readonly string[], result: TerraformResult, context: TerraformErrorContext = {}): string {
  return explainTerraformError(result.stderr || result.stdout, context) ?? terraformText(args, result);
}

/** Terraform's own account of a failed `terraform <args>`, cut to a length a terminal and a CI log still show whole. */
export function terraformText(args: readonly string[], result: TerraformResult): string {
  return `terraform ${args.join(" ")} exited with ${result.code}:\n${result.stderr || result.stdout}`.slice(0, TERRAFORM_TEXT_LIMIT);
}
