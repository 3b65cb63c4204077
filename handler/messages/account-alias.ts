/**
 * The account's IAM alias, looked up once per execution environment. The alias makes an alert
 * readable ("prod-payments" rather than a 12-digit number), but it is never worth losing or delaying
 * an alert for: any failure falls back to the account id that the event itself carries.
 */
import { type IAMClient, ListAccountAliasesCommand } from "@aws-sdk/client-iam";

interface AccountAliasLookupOptions {
  /**
   * How long a failed lookup (access denied, throttled) is remembered before it is tried again, so a
   * burst of root events does not become a burst of failing IAM calls.
   * @default 300000 (five minutes)
   */
  readonly failureTtlMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** Told when a lookup fails; the alert goes out with the account id instead. */
  readonly onFailure?: (error: unknown) => void;
}

export type AccountAliasLookup = () => Promise<string | undefined>;

/** Returns a function that resolves the first account alias, or undefined when there is none or the lookup failed. */
export function createAccountAliasLookup(iam: IAMClient, options: AccountAliasLookupOptions = {}): AccountAliasLookup {
  const failureTtlMs = options.failureTtlMs ?? 300_000;
  const now = options.now ?? Date.now;
  let answer: { readonly alias: string | undefined; readonly expiresAt: number } | undefined;

  return async () => {
    if (answer && now() < answer.expiresAt) return answer.alias;
    try {
      const response = await iam.send(new ListAccountAliasesCommand({}));
      answer = { alias: response.AccountAliases?.[0] || undefined, expiresAt: Number.POSITIVE_INFINITY };
    } catch (error) {
      options.onFailure?.(error);
      answer = { alias: undefined, expiresAt: now() + failureTtlMs };
    }
    return answer.alias;
  };
}
