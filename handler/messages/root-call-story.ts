/**
 * The story of any other root call: a console action or an API call, told with the call's name and
 * service, whether it ran in a centralized root access session, and the step that fits the key it
 * was made with. Pure; every value it reads is already display-safe.
 */
import { credentialAdvice } from "./credential-words";
import type { Story } from "./event-story";
import type { RootActivity } from "../events/root-activity";
import type { RootStoryParts } from "./root-story-parts";

type RootCallStoryName = "console-action" | "api-call";

type CallFacts = Pick<RootActivity, "failed" | "eventName" | "eventSource" | "invokedBy" | "credentials">;

export function rootCallStory(name: RootCallStoryName, activity: CallFacts, parts: RootStoryParts): Story {
  const how = `${activity.eventName} (${activity.eventSource})${activity.invokedBy ? " through the AWS console" : ""}`;
  const centralized = activity.credentials.kind === "centralized-root-session";
  const session = centralized ? " in a centralized root access session" : "";
  const headline =
    name === "console-action"
      ? `The root user performed the console action ${how}${session}${activity.failed ? "; it FAILED" : ""}.`
      : `The root user called ${how}${session}${activity.failed ? "; the call FAILED" : ""}.`;
  return {
    name,
    subjectLabel: name === "console-action" ? "Root console action" : "Root API call",
    opening: parts.opening,
    headline,
    advice: [
      parts.confirm,
      centralized
        ? "If it was not: find who opened the session (see the step about the session key below), and take sts:AssumeRoot away from them."
        : "If it was not: reset the root user's password at once and sign out its other sessions.",
      parts.mfaCheck,
      credentialAdvice(activity.credentials),
      parts.review,
    ],
  };
}
