/**
 * The sections of the README and of docs/ that are generated from the code, so that they cannot
 * drift from it: the sample notification (whole, and the README's short form), the settings table,
 * the event pattern, the severity table, the session timeline, a chat thread, the delivery modes' idle cost and the
 * first screen's choice between the default and central delivery. Each lives between its markers in
 * one Markdown file (doc-sections.ts finds it); `npm run docs` rewrites them, and a test fails when a
 * copy is stale.
 */
import { SEVERITY_CONDITIONS, SEVERITY_TABLE, tellingOf, type SeverityRow } from "../../handler/events/severity";
import { SETTING_KEYS, SETTINGS } from "../../src/settings/settings-schema";
import { ASSUME_ROOT_CALL, ROOT_ACTIVITY_EVENT_PATTERN, ROOT_CONSOLE_INVOKED_BY } from "../../src/contract/event-pattern";
import { deliveryChoice, deliveryModeCosts, deliveryModeTable } from "../../scripts/lib/delivery-mode-costs";
import { costPerMode, sampleAlert } from "./readme-front";
import { renderSampleNotification } from "./sample-notification";
import { renderSessionTimeline } from "./session-timeline";
import { renderChatThread, renderChatThreadBrief } from "./chat-thread";

function inputsTable(): string {
  const escape = (text: string) => text.replace(/\|/g, "\\|");
  const rows = SETTING_KEYS.map((key) => [key, SETTINGS[key]] as const).map(
    ([key, spec]) =>
      `| \`${key}\` | ${spec.env ? `\`${spec.env}\`` : "none"} | ${escape(spec.type)} | ${escape(spec.defaultText)} | ${escape(spec.description)} Allowed: ${escape(spec.allowed)}. |`,
  );
  return ["| Setting | Environment | Type | Default | Description |", "|---|---|---|---|---|", ...rows].join("\n");
}

/** The rule's pattern, with what each of its clauses lets through. */
function eventPatternSection(): string {
  return [
    "Its three clauses (`$or`) let through: root activity that no AWS service made on root's behalf (`invokedBy`",
    `absent); root actions that the console made for the person signed in as root (\`invokedBy\` is \`${ROOT_CONSOLE_INVOKED_BY}\`;`,
    `every other \`invokedBy\` is ignored); and every \`${ASSUME_ROOT_CALL.eventName}\` call (\`${ASSUME_ROOT_CALL.eventSource}\`), which opens an AWS`,
    "Organizations centralized root access session for a member account and is made by a principal that is not root.",
    "",
    "```json",
    JSON.stringify(ROOT_ACTIVITY_EVENT_PATTERN, null, 2),
    "```",
  ].join("\n");
}

/** The severity table, row by row as the handler reads it: the first row that matches decides. */
function severityTable(): string {
  const code = (text: string) => `\`${text}\``;
  const events = (row: SeverityRow) => {
    const names = [...(row.eventNames ?? []).map(code), ...(row.eventNamePrefixes ?? []).map((prefix) => code(`${prefix}*`))];
    const source = row.eventSource ? ` (${code(row.eventSource)})` : "";
    if (names.length > 0) return `${names.join(", ")}${source}`;
    return row.eventSource ? `any call to ${code(row.eventSource)}` : "any event";
  };
  const rows = SEVERITY_TABLE.map(
    (row) => `| ${row.severity} | ${events(row)} | ${row.condition ? SEVERITY_CONDITIONS[row.condition].text : ""} | ${tellingOf(row)} | ${row.reason} |`,
  );
  return ["| Severity | Event | When | Told | Why |", "|---|---|---|---|---|", ...rows].join("\n");
}

/** Both modes for 1, 4 and 17 Regions, synthesized once (seconds each) for the three sections that quote them. */
let costs: ReturnType<typeof deliveryModeCosts> | undefined;
const modeCosts = () => (costs ??= deliveryModeCosts());

/** Every generated section by name, as it reads between its markers. */
export const README_SECTIONS: Readonly<Record<string, () => string | Promise<string>>> = {
  "session-timeline": renderSessionTimeline,
  "chat-thread": renderChatThread,
  "chat-thread-brief": renderChatThreadBrief,
  "sample-notification": () => ["```text", renderSampleNotification() + "```"].join("\n"),
  inputs: inputsTable,
  "event-pattern": eventPatternSection,
  severity: severityTable,
  "delivery-mode-cost": () => deliveryModeTable(modeCosts()),
  "delivery-choice": () => deliveryChoice(modeCosts()),
  "cost-per-mode": () => costPerMode(modeCosts()),
  "sample-alert": () => sampleAlert(),
};
