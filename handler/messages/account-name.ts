/**
 * What an account is called in a message. With scope = organization the hub tells root activity of
 * every member account, so a name is per account: its name in AWS Organizations
 * (`organizations:DescribeAccount`, which the management account may call), else, for the hub's own
 * account, its IAM alias, else nothing (the message shows the id, which the event always carries).
 * With scope = account every event is of the function's own account: its alias.
 * Each account's answer is kept for the execution environment's life; a failed lookup is kept a few
 * minutes, so that a burst does not become a burst of failing calls. Never worth losing or delaying
 * an alert for.
 */
import { DescribeAccountCommand, type OrganizationsClient } from "@aws-sdk/client-organizations";
import type { AccountAliasLookup } from "./account-alias";

export type AccountNameLookup = (accountId: string) => Promise<string | undefined>;

interface AccountNameSources {
  readonly ownAlias: AccountAliasLookup;
  /**
   * With scope = organization: Organizations, and the hub's own account (from its topic's ARN), the
   * only one whose alias it can read.
   * @default every event is of the function's own account (scope = account)
   */
  readonly organization?: { readonly client: OrganizationsClient; readonly ownAccountId: string };
}

interface AccountNameLookupOptions {
  /** How long a failed Organizations lookup is remembered. @default 300000 (five minutes) */
  readonly failureTtlMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** Told when a lookup fails; the message goes out with the alias or the id instead. */
  readonly onFailure?: (error: unknown, accountId: string) => void;
}

export function createAccountNameLookup(sources: AccountNameSources, options: AccountNameLookupOptions = {}): AccountNameLookup {
  const failureTtlMs = options.failureTtlMs ?? 300_000;
  const now = options.now ?? Date.now;
  const answers = new Map<string, { readonly name: string | undefined; readonly expiresAt: number }>();

  const { organization } = sources;
  const organizationName = async (client: OrganizationsClient, accountId: string): Promise<string | undefined> => {
    const known = answers.get(accountId);
    if (known && now() < known.expiresAt) return known.name;
    try {
      const { Account } = await client.send(new DescribeAccountCommand({ AccountId: accountId }));
      const name = Account?.Name?.trim() || undefined;
      answers.set(accountId, { name, expiresAt: Number.POSITIVE_INFINITY });
      return name;
    } catch (error) {
      options.onFailure?.(error, accountId);
      answers.set(accountId, { name: undefined, expiresAt: now() + failureTtlMs });
      return undefined;
    }
  };

  return async (accountId) => {
    if (!organization) return sources.ownAlias();
    // An account id is 12 digits; anything else (a forged or broken record) is never looked up.
    const name = /^\d{12}$/.test(accountId) ? await organizationName(organization.client, accountId) : undefined;
    return name ?? (accountId === organization.ownAccountId ? sources.ownAlias() : undefined);
  };
}
