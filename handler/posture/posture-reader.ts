/**
 * Reads the hub's root posture (root-posture.ts) for the messages of a record, cached per execution
 * environment and bounded in time, so that it can never delay an alert by more than its deadline,
 * nor stop one: it never throws, and whatever it could not read in time is "unknown" with a reason.
 *
 * Cache: five minutes. The posture changes only when someone changes the root user's credentials,
 * which is itself a root event: such an event asks for a fresh read (POSTURE_CHANGING_EVENTS), so a
 * cached answer is never older than the last change the monitor saw. Five minutes keeps a burst (a
 * password spray is hundreds of records a minute, in one or a few environments) at one IAM call per
 * environment, far from IAM's account-wide request quota, which the account's own tools share.
 * A failed read is kept one minute: a denied or unreachable IAM is not asked again for every record.
 * Concurrent records of a batch share the read in flight: at most one read per invocation.
 *
 * Deadline: 1.5 seconds for both calls together (they run at once). IAM answers in 100 to 300 ms
 * from any Region; 1.5 s allows a cold TLS connection to its one endpoint. The read starts when the
 * record does, beside the session writes, so it normally costs the alert nothing; at worst the
 * alert waits 1.5 s, inside the 3 s the handler keeps for finishing a batch (delivery-handler.ts).
 * The calls are aborted at the deadline (the SDK's abortSignal), and the client makes one attempt.
 */
import { GetAccountSummaryCommand, ListOrganizationsFeaturesCommand, type IAMClient } from "@aws-sdk/client-iam";
import { organizationFeaturesOf, summaryOf, type HubPosture, type NotRead } from "./root-posture";

/** The event names after which a cached posture may be stale: they change root credentials (IAM). */
export const POSTURE_CHANGING_EVENTS: ReadonlySet<string> = new Set([
  "CreateAccessKey",
  "DeleteAccessKey",
  "UpdateAccessKey",
  "EnableMFADevice",
  "DeactivateMFADevice",
  "DeleteVirtualMFADevice",
  "UploadSigningCertificate",
  "DeleteSigningCertificate",
  "UpdateSigningCertificate",
]);

export interface PostureReaderOptions {
  /** The hub's account, the one GetAccountSummary answers for. */
  readonly accountId: string;
  /** Also read the organization's root access features (scope = organization). @default false */
  readonly organization?: boolean;
  /** How long an answer is kept. @default 300000 (five minutes) */
  readonly cacheMs?: number;
  /** How long a failed or late read is kept. @default 60000 (one minute) */
  readonly failureCacheMs?: number;
  /** How long a read may take, both calls together. @default 1500 */
  readonly deadlineMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** Told when a call fails or is late; the messages say "unknown". */
  readonly onFailure?: (call: string, reason: string) => void;
}

/** The hub's posture; `fresh` skips the cache (after an event that changes it). Never rejects. */
export type RootPostureReader = (options?: { readonly fresh?: boolean }) => Promise<HubPosture>;

/** An error's name, letters and digits only (never its message, never text from outside). */
const reasonOf = (error: unknown): string => {
  const name = error instanceof Error ? error.name : "";
  return name.replace(/[^A-Za-z0-9]/g, "").slice(0, 64) || "error";
};

/** `promise`'s value, or a NotRead when it fails or is not settled within the deadline (then `abort` is called). */
function bounded<T>(promise: Promise<T>, deadlineMs: number, abort: () => void): Promise<T | NotRead> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      abort();
      resolve({ unknown: `timed out after ${deadlineMs} ms` });
    }, deadlineMs);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        resolve({ unknown: reasonOf(error) });
      },
    );
  });
}

const notRead = (value: object): value is NotRead => "unknown" in value;

export function createPostureReader(iam: IAMClient, options: PostureReaderOptions): RootPostureReader {
  const cacheMs = options.cacheMs ?? 300_000;
  const failureCacheMs = options.failureCacheMs ?? 60_000;
  const deadlineMs = options.deadlineMs ?? 1_500;
  const now = options.now ?? Date.now;
  let cached: { readonly value: Promise<HubPosture>; expiresAt: number } | undefined;

  async function read(): Promise<HubPosture> {
    const controller = new AbortController();
    const abort = () => controller.abort();
    const [summary, features] = await Promise.all([
      bounded(iam.send(new GetAccountSummaryCommand({}), { abortSignal: controller.signal }), deadlineMs, abort),
      options.organization ? bounded(iam.send(new ListOrganizationsFeaturesCommand({}), { abortSignal: controller.signal }), deadlineMs, abort) : undefined,
    ]);
    if (notRead(summary)) options.onFailure?.("iam:GetAccountSummary", summary.unknown);
    if (features !== undefined && notRead(features)) options.onFailure?.("iam:ListOrganizationsFeatures", features.unknown);
    return {
      accountId: options.accountId,
      summary: notRead(summary) ? summary : summaryOf(summary.SummaryMap, new Date(now())),
      ...(features === undefined ? {} : { organization: notRead(features) ? features : organizationFeaturesOf(features.EnabledFeatures) }),
    };
  }

  return (readOptions = {}) => {
    const startedMs = now();
    if (!readOptions.fresh && cached && startedMs < cached.expiresAt) return cached.value;
    const value = read();
    const entry = { value, expiresAt: Number.POSITIVE_INFINITY };
    cached = entry;
    // Kept from when the read settles: an answer for five minutes, a failure for one.
    void value.then((hub) => {
      const failed = notRead(hub.summary) || (hub.organization !== undefined && notRead(hub.organization));
      entry.expiresAt = now() + (failed ? failureCacheMs : cacheMs);
    });
    return value;
  };
}
