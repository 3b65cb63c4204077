/**
 * A password spray on the root user, with an intruder's critical moves mixed in: failed console
 * sign-ins from as many addresses as attempts (each its own address and browser), and the critical
 * calls of a root session (CreateAccessKey, DeactivateMFADevice, StopLogging, DeleteTrail,
 * PutEventSelectors) spread evenly among them. Every event is a recorded CloudTrail event from
 * __tests__/fixtures, given its own id, address and time. Deterministic, so that the burst test and
 * the bench see the same story.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../src/project-root";

/** The recorded critical moves mixed into the spray, in order. */
export const SPRAY_CRITICAL_FIXTURES = [
  "root-create-access-key",
  "root-deactivate-mfa-device",
  "root-cloudtrail-stop-logging",
  "root-cloudtrail-delete-trail",
  "root-cloudtrail-put-event-selectors",
] as const;

export interface SprayOptions {
  readonly account: string;
  /** Failed sign-ins, each from an address of its own. */
  readonly attempts: number;
  /** When the first attempt happened; the rest follow 100 ms apart. */
  readonly start: Date;
}

/** The address of attempt `index` (0-based): one of 203.0.113.0/24, then 198.51.100.0/24, ... */
const sprayAddress = (index: number) => `${["203.0.113", "198.51.100", "192.0.2"][Math.floor(index / 250) % 3]}.${(index % 250) + 1}`;

const BROWSERS = [
  "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  "python-requests/2.32.3",
] as const;

const fixture = (name: string) => JSON.parse(readFileSync(path.join(PROJECT_ROOT, "__tests__", "fixtures", `${name}.json`), "utf8"));

/** A UUID-shaped id that is the same for the same inputs. */
const stableId = (kind: number, index: number) => `${String(kind).padStart(8, "0")}-0000-4000-9000-${String(index).padStart(12, "0")}`;

/** The spray's events in the order they happened: `attempts` failed sign-ins with the critical moves among them. */
export function signInSpray(options: SprayOptions): Array<Record<string, any>> {
  const failure = fixture("root-console-sign-in-failure");
  const every = Math.floor(options.attempts / SPRAY_CRITICAL_FIXTURES.length);
  const events: Array<Record<string, any>> = [];
  for (let index = 0; index < options.attempts; index += 1) {
    const criticalIndex = index % every === every - 1 ? Math.floor(index / every) : -1;
    const name = criticalIndex >= 0 && criticalIndex < SPRAY_CRITICAL_FIXTURES.length ? SPRAY_CRITICAL_FIXTURES[criticalIndex] : undefined;
    if (name) events.push(at(fixture(name), options, events.length, stableId(3, criticalIndex)));
    const attempt = at(structuredClone(failure), options, events.length, stableId(4, index));
    Object.assign(attempt.detail, { sourceIPAddress: sprayAddress(index), userAgent: BROWSERS[index % BROWSERS.length] });
    events.push(attempt);
  }
  return events;
}

/** The event as it happened at its place in the spray, in the spray's account, with id `eventId`. */
function at(event: Record<string, any>, options: SprayOptions, position: number, eventId: string): Record<string, any> {
  const time = new Date(options.start.getTime() + position * 100).toISOString().replace(/\.\d+Z$/, "Z");
  event.id = stableId(1, position);
  event.account = options.account;
  event.time = time;
  Object.assign(event.detail, { eventTime: time, eventID: eventId, recipientAccountId: options.account });
  event.detail.userIdentity = { ...event.detail.userIdentity, principalId: options.account, accountId: options.account, arn: `arn:aws:iam::${options.account}:root` };
  return event;
}
