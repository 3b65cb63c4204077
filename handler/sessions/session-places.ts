/**
 * The places a live root session has been seen from (client-place.ts), remembered on its record in
 * the session table, so that a new one is told once, at once (new-place-alert.ts).
 *
 * The record keeps two string sets, `networks` and `agents`, begun with the opening action's place.
 * An action from a network or client family not in them claims it with one conditional update:
 * `ADD` to the set, on condition that the value is not in it yet. DynamoDB applies updates of one item
 * one at a time, so of two invocations that see the same new place only one claim succeeds: the place
 * is told once, never twice, and never by neither. The claim also adds `<event id>#network` (or
 * `#agent`) to `placeClaims`: the same event delivered again (its publish failed, the message is
 * retried) finds its own claim there and tells the place again under the same idempotency key, so a
 * failed publish never loses it. A session whose record has no set yet (opened from a source that is
 * not an address, or by an older version) takes the first value as its own, silently.
 *
 * Each set holds at most MAX_PLACES values: a session seen from more places than that has been told
 * of 16 already, and its record must stay small.
 */
import type { ClientPlace } from "../events/client-place";

/** The most networks (and the most client families) one session remembers. */
const MAX_PLACES = 16;

/** Conditional updates tried before giving up: each lost race costs one. */
const CLAIM_ATTEMPTS = 5;

/** What a session record says of its places. */
export interface SessionPlaces {
  readonly firstEventId: string;
  readonly networks?: ReadonlySet<string>;
  readonly agents?: ReadonlySet<string>;
  /** `<event id>#network`, `<event id>#agent`: which event told which new place. */
  readonly placeClaims?: ReadonlySet<string>;
}

type Dimension = "network" | "agent";
export const SET_OF: Record<Dimension, "networks" | "agents"> = { network: "networks", agent: "agents" };
const DIMENSIONS: readonly Dimension[] = ["network", "agent"];

/** A new place an event told (or is to tell), and the places the session knew before it. */
export interface NewPlace {
  readonly network?: string;
  readonly agent?: string;
  readonly knownNetworks: readonly string[];
  readonly knownAgents: readonly string[];
}

/** The sets an opening action's place begins a session with. */
export function initialPlaces(place: ClientPlace | undefined): Pick<SessionPlaces, "networks" | "agents"> {
  return { ...(place?.network ? { networks: new Set([place.network]) } : {}), ...(place?.agent ? { agents: new Set([place.agent]) } : {}) };
}

/** The new place `eventId` claimed before (a repeat of it), or undefined. Pure. */
function claimedBefore(record: SessionPlaces, eventId: string, place: ClientPlace): NewPlace | undefined {
  const mine = DIMENSIONS.filter((dimension) => record.placeClaims?.has(`${eventId}#${dimension}`) && place[dimension] !== undefined);
  if (mine.length === 0) return undefined;
  const known = (dimension: Dimension) => [...(record[SET_OF[dimension]] ?? [])].filter((value) => !(mine.includes(dimension) && value === place[dimension])).sort();
  return { ...(mine.includes("network") ? { network: place.network } : {}), ...(mine.includes("agent") ? { agent: place.agent } : {}), knownNetworks: known("network"), knownAgents: known("agent") };
}

/** What an action's place adds to the session: values to tell, and values that begin an empty set silently. Pure. */
function placePlan(record: SessionPlaces, place: ClientPlace): { readonly tell: Dimension[]; readonly begin: Dimension[] } {
  const tell: Dimension[] = [];
  const begin: Dimension[] = [];
  for (const dimension of DIMENSIONS) {
    const value = place[dimension];
    const known = record[SET_OF[dimension]];
    if (value === undefined) continue;
    if (known === undefined || known.size === 0) begin.push(dimension);
    else if (!known.has(value) && known.size < MAX_PLACES) tell.push(dimension);
  }
  return { tell, begin };
}

/** One claim of places: the conditional ADD a store applies to the session's record (place-claim-update.ts for the table). */
export interface PlaceClaim {
  /** The record must still name this first event (the session is still the one judged). */
  readonly firstEventId: string;
  /** Dimensions whose value is new to a non-empty set: each added only if it is still not in it. */
  readonly tell: readonly Dimension[];
  /** Dimensions whose set is empty: each begun only if the set still does not exist. */
  readonly begin: readonly Dimension[];
  readonly place: ClientPlace;
  /** `<event id>#<dimension>` for each told dimension, added to placeClaims. */
  readonly claims: readonly string[];
}

/**
 * Records the action's place on the session whose record is `record` (as `touch` answered it), by
 * `write` (false when the claim's condition did not hold), and answers the new place this event is
 * to tell, or undefined when its place is not new (or a concurrent action of the session claimed it
 * first). Safe to repeat: a repeat answers its own claim.
 */
export async function claimPlaceWith(
  record: SessionPlaces,
  eventId: string,
  place: ClientPlace,
  write: (claim: PlaceClaim) => Promise<boolean>,
  reread: () => Promise<SessionPlaces | undefined>,
): Promise<NewPlace | undefined> {
  let current: SessionPlaces | undefined = record;
  for (let attempt = 0; current && attempt < CLAIM_ATTEMPTS; attempt += 1) {
    const before = claimedBefore(current, eventId, place);
    if (before) return before;
    const { tell, begin } = placePlan(current, place);
    if (tell.length === 0 && begin.length === 0) return undefined;
    const known = (dimension: Dimension) => [...(current?.[SET_OF[dimension]] ?? [])].sort();
    if (await write({ firstEventId: current.firstEventId, tell, begin, place, claims: tell.map((dimension) => `${eventId}#${dimension}`) })) {
      if (tell.length === 0) return undefined;
      return { ...(tell.includes("network") ? { network: place.network } : {}), ...(tell.includes("agent") ? { agent: place.agent } : {}), knownNetworks: known("network"), knownAgents: known("agent") };
    }
    // Another action of the session changed its places (or the session was opened again): read it and judge again.
    current = await reread();
  }
  if (current) throw new Error(`could not record the place of event ${eventId} after ${CLAIM_ATTEMPTS} attempts`);
  return undefined;
}
