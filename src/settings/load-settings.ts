/**
 * Reads every setting once, from the context (cdktf.json) and the environment, and returns them
 * validated and complete: every default applied, every rule between settings settled. Constructs and
 * commands take these values as they are; a bad value fails here, with one message listing them all.
 */
import type { z } from "zod";
import { InvalidSettingsError, problemLine } from "./invalid-settings-error";
import { CHAT_API_REGIONS, hasChatChannels } from "./chat-settings";
import { readSettingInputs, type SettingInputs } from "./setting-inputs";
import { type SettingKey, SETTING_KEYS, SETTINGS, SETTINGS_SCHEMA, type Settings } from "./settings-schema";
import { unknownNameProblems } from "./unknown-names";

/** A line per setting whose value the schema rejects, each with every reason once, in the README's order. */
function schemaProblems(issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[], shown: SettingInputs["shown"]): string[] {
  const reasons = new Map<PropertyKey, Set<string>>();
  for (const issue of issues) reasons.set(issue.path[0], (reasons.get(issue.path[0]) ?? new Set<string>()).add(issue.message));
  return SETTING_KEYS.flatMap((key: SettingKey) => {
    const why = reasons.get(key);
    return why ? [problemLine(key, shown[key].source, shown[key].text, [...why].join("; "), SETTINGS[key].allowed)] : [];
  });
}

/** The rules between settings: organization scope is central delivery, the home Region is watched, a retired Region is not. */
function settleTogether(settings: z.output<typeof SETTINGS_SCHEMA>, { raw, shown }: SettingInputs): string[] {
  const problems: string[] = [];
  if (settings.scope === "organization") {
    // One hub for every account: organization scope is central delivery.
    if (raw.delivery === "regional") {
      problems.push(
        `Setting "delivery" (from ${shown.delivery.source}) has the value ${shown.delivery.text}: scope = organization delivers centrally, to one hub. Allowed: central, or leave it out.`,
      );
    }
    settings.delivery = "central";
  }
  if (settings.delivery === "central" && !settings.regions.includes(settings.homeRegion)) settings.regions.push(settings.homeRegion);
  const monitoredAndRetired = settings.retiredRegions.filter((region) => settings.regions.includes(region));
  if (monitoredAndRetired.length > 0) {
    problems.push(
      `Setting "retiredRegions" has the value ${JSON.stringify(settings.retiredRegions)}: ${monitoredAndRetired.join(", ")} ${monitoredAndRetired.length === 1 ? "is" : "are"} also in "regions". Allowed: region codes not in \`regions\`.`,
    );
  }
  problems.push(...chatRegionProblems(settings));
  return problems;
}

/**
 * With chat channels, the Regions where the chat service's API logs a change to a channel must be
 * watched: otherwise an insider re-points or deletes a channel from one of them, and nothing tells it.
 */
function chatRegionProblems(settings: z.output<typeof SETTINGS_SCHEMA>): string[] {
  if (!hasChatChannels(settings)) return [];
  const unwatched = CHAT_API_REGIONS.filter((region) => !settings.regions.includes(region));
  if (unwatched.length === 0) return [];
  return [
    `Setting "regions" has the value ${JSON.stringify(settings.regions)}: with slackChannels or teamsChannels set, it must include ${CHAT_API_REGIONS.join(", ")}, where the chat service's API logs a change to a channel (the tamper rule tells it only in a monitored Region); missing: ${unwatched.join(", ")}. Allowed: add them to regions, or leave regions at its default (all).`,
  ];
}

/** Every setting, validated and defaulted, or an InvalidSettingsError listing every bad value and unknown name. */
export function loadSettings(context: Readonly<Record<string, unknown>>, env: NodeJS.ProcessEnv = process.env): Settings {
  const problems = unknownNameProblems(context, env);
  const inputs = readSettingInputs(context, env);
  const result = SETTINGS_SCHEMA.safeParse(inputs.raw);
  if (!result.success) throw new InvalidSettingsError([...problems, ...schemaProblems(result.error.issues, inputs.shown)]);
  problems.push(...settleTogether(result.data, inputs));
  if (problems.length > 0) throw new InvalidSettingsError(problems);
  return result.data;
}
