/**
 * The self-check's look at the organization (scope = organization): every member account under the
 * stack set's target units must have a working spoke in every monitored Region. A stack instance
 * that failed, or drifted from its template, and an account with no instance at all in a Region,
 * are blind spots: root activity there reaches nobody. Suspended accounts are left out; an instance
 * still being deployed is worth a look, not a page.
 */
import { ListStackInstancesCommand, type CloudFormationClient, type StackInstanceSummary } from "@aws-sdk/client-cloudformation";
import { ListAccountsCommand, ListAccountsForParentCommand, ListOrganizationalUnitsForParentCommand, type Account, type OrganizationsClient } from "@aws-sdk/client-organizations";
import type { PlannedOrganization } from "../../src/contract/self-check-plan";
import type { Finding } from "./finding";

interface OrganizationCoverageInput {
  readonly organization: PlannedOrganization;
  /** Every monitored Region: each needs a spoke in every member account. */
  readonly regions: readonly string[];
  /** The management account: StackSets never deploys there, and its rules are checked as the hub's own. */
  readonly managementAccount: string;
  /** Where the stack set lives (the home Region). */
  readonly cloudformation: CloudFormationClient;
  readonly organizations: OrganizationsClient;
}

const BROKEN = new Set(["FAILED", "CANCELLED", "INOPERABLE", "FAILED_IMPORT"]);

async function allPages<T>(page: (token: string | undefined) => Promise<{ items: readonly T[]; next?: string }>): Promise<T[]> {
  const found: T[] = [];
  let token: string | undefined;
  do {
    const { items, next } = await page(token);
    found.push(...items);
    token = next;
  } while (token);
  return found;
}

/** The active accounts under a unit (and the units below it), or the whole organization under its root. */
async function accountsUnder(organizations: OrganizationsClient, unit: string): Promise<Account[]> {
  if (unit.startsWith("r-")) {
    return allPages(async (NextToken) => {
      const { Accounts = [], NextToken: next } = await organizations.send(new ListAccountsCommand({ NextToken }));
      return { items: Accounts, next };
    });
  }
  const direct = await allPages(async (NextToken) => {
    const { Accounts = [], NextToken: next } = await organizations.send(new ListAccountsForParentCommand({ ParentId: unit, NextToken }));
    return { items: Accounts, next };
  });
  const children = await allPages(async (NextToken) => {
    const { OrganizationalUnits = [], NextToken: next } = await organizations.send(new ListOrganizationalUnitsForParentCommand({ ParentId: unit, NextToken }));
    return { items: OrganizationalUnits, next };
  });
  const nested = await Promise.all(children.map((child) => accountsUnder(organizations, child.Id ?? "")));
  return [...direct, ...nested.flat()];
}

const isActive = (account: Account) => (account.State ?? account.Status) === "ACTIVE";

/** At most this many accounts are named in one finding; the rest are counted. */
const NAMED_ACCOUNTS = 10;

/** "account 1111…" or "accounts 1111…, 2222… and 3 more", with `have`/`has` when `verb` is asked for. */
function accounts(list: readonly string[], verb = true): string {
  const named = list.slice(0, NAMED_ACCOUNTS).join(", ");
  const more = list.length > NAMED_ACCOUNTS ? ` and ${list.length - NAMED_ACCOUNTS} more` : "";
  const noun = list.length === 1 ? "account" : "accounts";
  return `${noun} ${named}${more}${verb ? (list.length === 1 ? " has" : " have") : ""}`;
}

const summaryOf = (list: readonly string[], one: string, many: string) => (list.length === 1 ? `account ${list[0]} ${one}` : `${list.length} accounts ${many}`);

export async function checkOrganizationCoverage(input: OrganizationCoverageInput): Promise<Finding[]> {
  const { stackSet } = input.organization;
  const instances = await allPages<StackInstanceSummary>(async (NextToken) => {
    const { Summaries = [], NextToken: next } = await input.cloudformation.send(new ListStackInstancesCommand({ StackSetName: stackSet, CallAs: "SELF", NextToken }));
    return { items: Summaries, next };
  });
  const underUnits = (await Promise.all(input.organization.units.map((unit) => accountsUnder(input.organizations, unit)))).flat();
  const members = [...new Set(underUnits.filter(isActive).map((account) => account.Id ?? "").filter((id) => id !== "" && id !== input.managementAccount))].sort();

  const findings: Finding[] = [];
  const fix = `Look at the stack set ${stackSet} in CloudFormation StackSets, fix the cause, and apply again (npm run deploy).`;
  const instanceOf = new Map(instances.map((instance) => [`${instance.Account}/${instance.Region}`, instance]));
  for (const region of input.regions) {
    const missing: string[] = [];
    const broken: string[] = [];
    const drifted: string[] = [];
    const deploying: string[] = [];
    for (const account of members) {
      const instance = instanceOf.get(`${account}/${region}`);
      const detailed = instance?.StackInstanceStatus?.DetailedStatus ?? "";
      if (!instance) missing.push(account);
      else if (BROKEN.has(detailed) || instance.Status === "INOPERABLE") broken.push(`${account} (${detailed || instance.Status}${instance.StatusReason ? `: ${instance.StatusReason}` : ""})`);
      else if (instance.DriftStatus === "DRIFTED") drifted.push(account);
      else if (detailed === "PENDING" || detailed === "RUNNING") deploying.push(account);
    }
    // One finding per kind and Region, naming a few accounts: an organization of thousands stays one readable message.
    if (missing.length > 0) {
      findings.push({ region, check: "spoke", level: "fail", message: `${accounts(missing)} no spoke here: their root activity in ${region} reaches nobody. ${fix}`, summary: summaryOf(missing, "has no spoke", "have no spoke") });
    }
    if (broken.length > 0) {
      findings.push({ region, check: "spoke", level: "fail", message: `the spoke failed in ${accounts(broken, false)}: their root activity in ${region} may reach nobody. ${fix}`, summary: summaryOf(broken.map((entry) => entry.split(" ")[0]), "has a failed spoke", "have failed spokes") });
    }
    if (drifted.length > 0) {
      findings.push({
        region,
        check: "spoke",
        level: "fail",
        message: `the spoke has drifted from its template in ${accounts(drifted, false)} (its rule, role or queue was changed outside the stack set): their root activity in ${region} may reach nobody. ${fix}`,
        summary: summaryOf(drifted, "has a drifted spoke", "have drifted spokes"),
      });
    }
    if (deploying.length > 0) findings.push({ region, check: "spoke", level: "warn", message: `the spoke is still being deployed in ${accounts(deploying, false)}.` });
    if (missing.length + broken.length + drifted.length + deploying.length === 0) {
      findings.push({ region, check: "spoke", level: members.length > 0 ? "ok" : "warn", message: members.length > 0 ? `every one of ${members.length} member account(s) has a working spoke here` : "no active member account under the stack set's units" });
    }
  }
  return findings;
}
