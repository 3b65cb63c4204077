/**
 * The alert for a live root session seen from a new place (client-place.ts, session-places.ts): the
 * same root credentials used from a second network or by a second kind of client while their session
 * goes on, which is what a stolen key or a hijacked console session looks like beside its owner. It
 * names the new place and the places the session knew, and is high: told at once, never a digest line.
 * Pure; every value is cleaned again, those read from the table included.
 */
import type { PublishCommandInput } from "@aws-sdk/client-sns";
import { cloudTrailEventHistoryLink } from "./console-link";
import { sessionHistoryLink } from "./digest";
import { displayText } from "./display-text";
import { accountDisplay } from "./email-body";
import { envelope, stringAttribute as attribute } from "./envelope";
import { MACHINE_MESSAGE_SCHEMA } from "./notification";
import type { RootActivity } from "../events/root-activity";
import { firstSeenField, type ShownSession } from "../events/root-session";
import type { NewPlace } from "../sessions/session-places";
import { formatSubject } from "./subject";
import { postureFields, postureLine } from "../posture/posture-words";
import { NOT_READ, type RootPosture } from "../posture/root-posture";
import { raisedSentence, raiseSeverity } from "../posture/severity-raise";

/** The subject's label: `[HIGH] Root session from a new place-"<eventName>" detected in Account-"<account>"`. */
const NEW_PLACE_LABEL = "Root session from a new place";

interface NewPlaceAlertInput {
  readonly topicArn: string;
  readonly activity: RootActivity;
  readonly session: ShownSession;
  readonly newPlace: NewPlace;
  readonly accountAlias?: string;
  readonly organizationId?: string;
  /** The root posture of the account (posture/); a finding raises the alert to critical. @default not read */
  readonly posture?: RootPosture;
}

const list = (values: readonly string[]) => (values.length > 0 ? values.map((value) => displayText(value, 64)).join(", ") : "none recorded");

export function buildNewPlaceAlert(input: NewPlaceAlertInput): PublishCommandInput {
  const { activity, newPlace, session } = input;
  const alias = input.accountAlias?.trim() ? displayText(input.accountAlias, 256) : undefined;
  const account = accountDisplay(activity.accountId, alias);
  const posture = input.posture ?? NOT_READ;
  const { severity, raised } = raiseSeverity("high", posture);
  const subject = formatSubject({ label: NEW_PLACE_LABEL, eventName: activity.eventName, severity }, alias ?? activity.accountId);
  const what = [newPlace.network ? "a new network" : undefined, newPlace.agent ? "a new kind of client" : undefined].filter(Boolean).join(" and ");
  const sessionLabel = displayText(session.label, 300);
  const text = [
    `Root user activity in AWS account ${account}.`,
    `The same root credentials are now used from a second place: ${what}, while their session is live (${sessionLabel}).`,
    postureLine(posture),
    ...(raised ? [`Severity: ${severity.toUpperCase()}, ${raisedSentence(raised)}.`] : []),
    "",
    "THE NEW PLACE",
    `  Address: ${displayText(activity.sourceIp, 128)}${newPlace.network ? ` (network ${displayText(newPlace.network, 64)}, NEW)` : ""}`,
    `  Client: ${displayText(activity.userAgent, 512)}${newPlace.agent ? ` (${displayText(newPlace.agent, 64)}, NEW)` : ""}`,
    `  Action: ${displayText(activity.eventName, 128)} (${displayText(activity.eventSource, 128)}) in ${displayText(activity.region, 64)} at ${displayText(activity.eventTime, 40)}`,
    "",
    "THE SESSION'S PLACES SO FAR",
    `  Networks: ${list(newPlace.knownNetworks)}`,
    `  Clients: ${list(newPlace.knownAgents)}`,
    "",
    "WHAT TO DO",
    "1. Ask whoever holds this root session whether they moved to another network or tool just now. If not, someone else holds the root credentials.",
    session.accessKeyId?.startsWith("AKIA")
      ? `2. If it was not them: deactivate the root access key ${displayText(session.accessKeyId, 128)} now (IAM > Security credentials, signed in as root), then delete it.`
      : "2. If it was not them: reset the root password now and sign out the root user's other sessions; a session key expires on its own but works until then.",
    "3. Review everything done with these credentials from the new place:",
    `   ${sessionHistoryLink(activity.region, session.accessKeyId)}`,
    `   ${cloudTrailEventHistoryLink(activity.region, activity.eventId)}`,
  ].join("\n");
  const json = {
    schema: MACHINE_MESSAGE_SCHEMA,
    kind: "new-place",
    severity,
    severityRaised: raised ?? null,
    rootPosture: postureFields(posture),
    account: { id: activity.accountId, alias: alias ?? null, ...(input.organizationId !== undefined ? { organizationId: input.organizationId } : {}) },
    session: { key: session.key, label: sessionLabel, accessKeyId: session.accessKeyId ?? null, ...firstSeenField(session) },
    eventIds: [activity.eventId],
    newPlace: { sourceIp: activity.sourceIp, userAgent: activity.userAgent, network: newPlace.network ?? null, client: newPlace.agent ?? null },
    knownPlaces: { networks: newPlace.knownNetworks.map((value) => displayText(value, 64)), clients: newPlace.knownAgents.map((value) => displayText(value, 64)) },
    eventName: activity.eventName,
    eventSource: activity.eventSource,
    eventTime: activity.eventTime,
    region: activity.region,
  };
  const attributes = { messageKind: attribute("new-place"), severity: attribute(severity), accountId: attribute(activity.accountId), session: attribute(session.key) };
  return envelope({ topicArn: input.topicArn, subject, attributes, email: text, machineCopy: json });
}
